import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import type { RateCounters } from './rate-counters.ts'
import { pgRateCounters } from './rate-counters-pg.ts'
import { redisRateCounters } from './rate-counters-redis.ts'

declare module 'fastify' {
  interface FastifyInstance {
    rateCounters: RateCounters
  }
}

export interface RateCountersOptions {
  /** With Redis, instances share the counters there; without it, in PostgreSQL (rate_counters). */
  redisUrl?: string | undefined
}

/** Expired counters are never read back as live; PostgreSQL's are swept hourly so the table stays small. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000

export default fp<RateCountersOptions>(
  async (fastify, { redisUrl }) => {
    let counters: RateCounters
    if (redisUrl) {
      counters = await redisRateCounters(redisUrl, (err) => fastify.log.warn({ err }, 'rate counters: redis error'))
    } else {
      const pgCounters = pgRateCounters(fastify.kysely)
      const sweep = setInterval(() => {
        pgCounters.sweep(Date.now()).catch((err: unknown) => fastify.log.warn({ err }, 'rate counter sweep failed'))
      }, SWEEP_INTERVAL_MS)
      sweep.unref()
      fastify.addHook('onClose', async () => clearInterval(sweep))
      counters = pgCounters
    }
    fastify.addHook('onClose', async () => counters.close())
    fastify.decorate('rateCounters', counters)
  },
  { name: 'rate-counters', dependencies: ['database'] },
)

import fp from 'fastify-plugin'
import fastifyRateLimit from '@fastify/rate-limit'
import { RateLimitedError } from '../../errors.ts'
import type {} from '../app/rate-counters/rate-counters-plugin.ts'
import { routeRateStore } from '../app/rate-counters/route-rate-store.ts'

/**
 * Rate limits are opt-in per route, keyed by `request.ip` (the trusted client address, see TRUST_PROXY), and counted
 * in the counters every instance shares (rate-counters), so behind N instances a client still gets its limit once.
 * When the counters cannot be reached the request goes on uncounted: the limit lapses rather than the route. Sign-in
 * does not use this plugin: its throttle must not let a stranger lock an account out (login-throttle.ts).
 */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyRateLimit, {
      global: false,
      store: routeRateStore(fastify.rateCounters),
      skipOnError: true,
      errorResponseBuilder: (_request, context) => new RateLimitedError(Math.ceil(context.ttl / 1000)),
    })
  },
  { name: 'rate-limit', dependencies: ['rate-counters'] },
)

import fp from 'fastify-plugin'
import type { PatrolsRepository } from './patrols-repository.ts'
import type { PatrolsService } from './patrols-service.ts'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'

/** A patrol that has heard no point for this long is ended at its last point (the phone died or was forgotten). */
const ABANDONED_AFTER_MS = 2 * 60 * 60 * 1000
const SWEEP_INTERVAL_MS = 10 * 60 * 1000
const DAY_MS = 86_400_000
// Deletes go in slices so one sweep after a long outage never holds a huge transaction.
const DELETE_SLICE = 500

/**
 * One sweep of the tracks' privacy rule (issue 20): open patrols gone silent are ended, and patrols that ended more
 * than the admins' retention period ago are deleted with their points, grids and links. Returns what it did.
 */
export async function sweepPatrols(
  patrols: PatrolsRepository,
  service: Pick<PatrolsService, 'endAbandoned'>,
  now = new Date(),
): Promise<{ ended: number; deleted: number }> {
  const abandoned = await patrols.abandoned(new Date(now.getTime() - ABANDONED_AFTER_MS))
  for (const id of abandoned) await service.endAbandoned(id)
  const { retentionDays } = await patrols.settings()
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS)
  let deleted = 0
  for (;;) {
    const slice = await patrols.deleteEndedBefore(cutoff, DELETE_SLICE)
    deleted += slice
    if (slice < DELETE_SLICE) break
  }
  return { ended: abandoned.length, deleted }
}

/** Runs the sweep every ten minutes; several API processes may each run it harmlessly. */
export default fp(
  (fastify) => {
    let running: Promise<void> | null = null
    const sweep = () => {
      if (running) return
      running = sweepPatrols(fastify.patrolsRepository, fastify.patrolsService)
        .then(({ ended, deleted }) => {
          if (ended || deleted) fastify.log.info({ ended, deleted }, 'patrol retention sweep')
        })
        .catch((err: unknown) => {
          if (!isDatabaseUnavailable(err)) fastify.log.warn({ err }, 'patrol retention sweep failed')
        })
        .finally(() => {
          running = null
        })
    }
    const timer = setInterval(sweep, SWEEP_INTERVAL_MS)
    timer.unref()
    fastify.addHook('preClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'patrol-retention', dependencies: ['patrols-repository', 'patrols-service'] },
)

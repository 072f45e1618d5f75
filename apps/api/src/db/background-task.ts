import type { FastifyInstance } from 'fastify'
import { isDatabaseUnavailable } from './database-unavailable.ts'

interface BackgroundTask {
  /** What the logs call it: "search index merge". */
  name: string
  intervalMs: number
  run: () => Promise<unknown>
  /** An error after which another try cannot succeed (a missing privilege): the task stops. */
  isFinal?: (err: { code?: string }) => boolean
}

/**
 * Runs a database task of this API process every intervalMs: one run at a time, and the run in flight finished before
 * the pool closes. While the database is away every tick fails alike, so that is said when it starts and when it
 * ends, not at every tick. Several API processes may each run the same task: each task is written so that this is
 * harmless.
 */
export function runInBackground(fastify: FastifyInstance, task: BackgroundTask): void {
  let running: Promise<void> | null = null
  let away = false
  const timer = setInterval(() => {
    if (running) return
    running = task
      .run()
      .then(() => {
        if (away) fastify.log.info(`${task.name}: the database is back`)
        away = false
      })
      .catch((err: { code?: string }) => {
        if (isDatabaseUnavailable(err)) {
          if (!away) fastify.log.warn({ err }, `${task.name}: the database is unavailable; retrying`)
          away = true
          return
        }
        fastify.log.warn({ err }, `${task.name} failed`)
        if (task.isFinal?.(err)) clearInterval(timer)
      })
      .finally(() => {
        running = null
      })
  }, task.intervalMs)
  timer.unref()
  fastify.addHook('preClose', async () => {
    clearInterval(timer)
    await running
  })
}

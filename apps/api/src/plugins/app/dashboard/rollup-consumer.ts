import fp from 'fastify-plugin'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'
import { applyCaseChanges } from './rollup-cases.ts'
import { rebuildRollups } from './rollup-days.ts'

/** How often the event log is read: the dashboard lags the street by about this much. */
export const ROLLUP_INTERVAL_MS = 1000
/** Events read per batch: one batch is one transaction, and recounts each case it names. */
const EVENTS_PER_BATCH = 5000

export type RollupPass = { kind: 'idle' } | { kind: 'busy' } | { kind: 'rebuilt' } | { kind: 'batch'; cases: number }

/**
 * Reads the incident events after the cursor, moves the roll-ups by the change of the cases they name and advances
 * the cursor, in one transaction: the roll-ups and the cursor move together or not at all, so a crash re-reads the
 * batch (its changes were rolled back with the cursor). The cursor row is locked with `skip locked`, so several API
 * processes may run this and only one works at a time. A pending rebuild (migration 0030, a seed) goes first.
 */
export async function advanceRollups(db: Kysely<Database>): Promise<RollupPass> {
  return db.transaction().execute(async (tx) => {
    const {
      rows: [cursor],
    } = await sql<{ last_seq: string; rebuild: boolean }>`
      select last_seq::text, rebuild from dashboard_rollup_cursor for update skip locked`.execute(tx)
    if (!cursor) return { kind: 'busy' }
    if (cursor.rebuild) {
      // The log up to here is covered by the rebuild, which reads the incidents after this point.
      await sql`
        update dashboard_rollup_cursor set rebuild = false, last_seq = (select coalesce(max(seq), 0) from events)`.execute(
        tx,
      )
      await rebuildRollups(tx)
      return { kind: 'rebuilt' }
    }
    const {
      rows: [batch],
    } = await sql<{ last_seq: string | null; ids: string[] | null }>`
      with batch as (
        select seq, data from events where seq > ${cursor.last_seq}::bigint order by seq limit ${EVENTS_PER_BATCH}
      )
      select (select max(seq)::text from batch) as last_seq,
        (select array_agg(distinct (data ->> 'id')::bigint)::text[] from batch where data ? 'caseNumber') as ids`.execute(
      tx,
    )
    if (!batch?.last_seq) return { kind: 'idle' }
    const ids = batch.ids ?? []
    // The batch's cases move the roll-ups by their own change: a pass costs its cases, not their days (0051).
    await applyCaseChanges(tx, ids)
    await sql`update dashboard_rollup_cursor set last_seq = ${batch.last_seq}::bigint`.execute(tx)
    return { kind: 'batch', cases: ids.length }
  })
}

/** Asks the consumer to recompute every roll-up on its next pass (after a bulk load that wrote no events). */
export async function requestRollupRebuild(db: Kysely<Database>): Promise<void> {
  await sql`update dashboard_rollup_cursor set rebuild = true`.execute(db)
}

/** Runs passes until the log is read to its end: for tests and scripts that need the roll-ups current now. */
export async function catchUpRollups(db: Kysely<Database>): Promise<void> {
  for (;;) {
    const pass = await advanceRollups(db)
    if (pass.kind === 'idle') return
    if (pass.kind === 'busy') await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * The background consumer: a pass every second (a pass still running skips the tick). Errors are logged, never
 * thrown: the dashboard may lag, the street must not stop.
 */
export default fp(
  async (fastify) => {
    let running: Promise<void> | null = null
    let away = false
    const timer = setInterval(() => {
      if (running) return
      running = advanceRollups(fastify.kysely)
        .then(() => {
          if (away) fastify.log.info('dashboard roll-ups: the database is back')
          away = false
        })
        .catch((err: unknown) => {
          if (isDatabaseUnavailable(err)) {
            if (!away) fastify.log.warn({ err }, 'dashboard roll-ups: the database is unavailable; retrying')
            away = true
            return
          }
          fastify.log.warn({ err }, 'dashboard roll-ups: a pass failed')
        })
        .finally(() => {
          running = null
        })
    }, ROLLUP_INTERVAL_MS)
    timer.unref()
    fastify.addHook('preClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'dashboard-rollup-consumer', dependencies: ['database'] },
)

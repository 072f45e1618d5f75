import fp from 'fastify-plugin'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'

/** How often the pending list is merged: it then holds at most a second of reports, which a search reads through. */
export const MERGE_INTERVAL_MS = 1000

/**
 * Moves the reports waiting in the search index's pending list (bigrams and visibility tokens since migration 0017) into the index proper, in one sorted pass, and
 * returns how many list pages it emptied (migration 0012: why reports append there instead).
 */
export async function mergeSearchIndex(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{
    pages: string
  }>`select gin_clean_pending_list('incidents_search_tokens'::regclass)::text as pages`.execute(db)
  return Number(rows[0]!.pages)
}

const INSUFFICIENT_PRIVILEGE = '42501'

/**
 * Merges every second, so no report is the one that finds the list full and merges it while others wait. Several
 * API processes may each run it: a merge finding the list empty costs nothing. Without ownership of the index the
 * merge is not allowed; then PostgreSQL merges as it does by default (autovacuum, or the report that fills the list).
 */
export default fp(
  async (fastify) => {
    let running: Promise<void> | null = null
    // While the database is away every tick fails alike: say so when it starts and when it ends, not every second.
    let away = false
    const timer = setInterval(() => {
      if (running) return
      running = mergeSearchIndex(fastify.kysely)
        .then(() => {
          if (away) fastify.log.info('search index merge: the database is back')
          away = false
        })
        .catch((err: { code?: string }) => {
          if (isDatabaseUnavailable(err)) {
            if (!away)
              fastify.log.warn({ err }, 'search index merge: the database is unavailable; retrying every second')
            away = true
            return
          }
          fastify.log.warn({ err }, 'search index merge failed')
          if (err.code === INSUFFICIENT_PRIVILEGE) clearInterval(timer)
        })
        .finally(() => {
          running = null
        })
    }, MERGE_INTERVAL_MS)
    timer.unref()
    // Before the pool closes: a merge in flight finishes on its connection.
    fastify.addHook('preClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'search-index-merger', dependencies: ['database'] },
)

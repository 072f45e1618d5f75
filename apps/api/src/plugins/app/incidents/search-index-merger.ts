import fp from 'fastify-plugin'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { runInBackground } from '../../../db/background-task.ts'

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
  (fastify) => {
    runInBackground(fastify, {
      name: 'search index merge',
      intervalMs: MERGE_INTERVAL_MS,
      run: () => mergeSearchIndex(fastify.kysely),
      isFinal: (err) => err.code === INSUFFICIENT_PRIVILEGE,
    })
  },
  { name: 'search-index-merger', dependencies: ['database'] },
)

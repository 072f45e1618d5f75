import { sql, type Kysely } from 'kysely'

/**
 * The trigram index of 0009 takes each new incident straight into the index, not into GIN's pending list. With the
 * list (the default), now and then a report found it full and merged all of it into the index before answering,
 * and the reports behind it waited: at a steady 300 reports/s the slowest took 150–300 ms and the p99 was 60–150 ms.
 * In place, every report pays a little more instead (about 0.2 ms of database time, pgbench on two cores) and the
 * p99 at 300/s is 7–18 ms.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter index incidents_search_trgm set (fastupdate = off)`.execute(db)
  // What is still pending is merged now, once.
  await sql`select gin_clean_pending_list('incidents_search_trgm'::regclass)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter index incidents_search_trgm reset (fastupdate)`.execute(db)
}

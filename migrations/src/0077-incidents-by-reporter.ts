import { sql, type Kysely } from 'kysely'

/**
 * A reporter's cases newest first, from an index: the case list takes a worker's or supervisor's page branch by
 * branch (their grids, what they reported, what they are assigned), and "what they reported" had no index in id
 * order. The planner then walked the primary key newest first, expecting the reporter's cases among the newest;
 * for a supervisor who had reported none it read all ten million cases to find that out (2.6 s a page, pnpm bench
 * city). The unique (reporter_id, client_id) index keeps its own job, a report's idempotency.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index incidents_reporter_idx on incidents (reporter_id, id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index incidents_reporter_idx`.execute(db)
}

import { sql, type Kysely } from 'kysely'

/**
 * The open cases' locations in an index of their own: what the live map asks first, its default statuses in a view.
 *
 * At ten million cases a street's view at zoom 15 holds 231,000 cases of every status and about 1,200 open ones. The
 * whole-table GiST found the view's 231,000 and a bitmap AND with the status index the open 50,000 of the city: 60–
 * 130 ms a request (EXPLAIN ANALYZE, pnpm bench city), most of the live map's time. The open cases are under 1% of a
 * city's history, so this index is small (2 MB at ten million), and the planner takes it whenever a query's statuses
 * are all open ones: 17 ms for that view. The states are written out here, not imported, so this migration stays what
 * it was when the workflow's states change (open-incident-locations-plan.test.ts says when they part).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index incidents_open_location_gist on incidents using gist (location)
    where status in ('reported', 'registered', 'dispatched', 'in_progress', 'handled')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index incidents_open_location_gist`.execute(db)
}

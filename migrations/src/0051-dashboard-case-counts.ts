import { sql, type Kysely } from 'kysely'

/**
 * The dashboard's roll-ups move by each changed case's difference, not by recomputing its whole day.
 *
 * 0030's consumer recomputed every day a batch of events touched: each second, every case reported today was read
 * and summed again, so a busy day cost more each second than the one before (at the reports bench's 1,000 a second
 * the pass read tens of thousands of cases a second, on the same two cores as the reports). Now the consumer
 * keeps what each case last added to the roll-ups (`dashboard_case_counts`: its day, its dimensions and its
 * measures) and applies, for the cases of a batch only, the new contribution minus the old one. A pass costs what
 * the batch's cases cost, whatever the size of their day.
 *
 * The roll-up rows are then updated in place (`on conflict … do update`), which needs one unique key per table: the
 * span, the day and the dimensions, NULLs equal (a case with no department is one row, not one per case). A rebuild
 * is requested so the new table is filled from the incidents on the next pass.
 */
const MEASURES = `
  reported integer not null,
  registered integer not null,
  closed integer not null,
  closed_on_time integer not null,
  dispatched integer not null,
  reworked integer not null,
  extended integer not null,
  handled integer not null,
  handling_hours double precision not null`

const ROLLUP_KEYS = {
  dashboard_area_days: 'grid_l1_id, grid_l2_id, source',
  dashboard_grid_days: 'grid_l1_id, grid_l2_id, grid_l3_id',
  dashboard_category_days: 'grid_l1_id, grid_l2_id, category_id',
  dashboard_assignee_days: 'grid_l1_id, grid_l2_id, department_id, worker_id',
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table dashboard_case_counts (
        incident_id bigint primary key, day date not null, grid_l1_id integer not null, grid_l2_id integer not null,
        grid_l3_id integer not null, category_id integer not null, source text not null, department_id integer,
        worker_id integer, ${MEASURES})`,
    )
    .execute(db)
  for (const [table, dimensions] of Object.entries(ROLLUP_KEYS))
    await sql
      .raw(`create unique index ${table}_key on ${table} (span, day, ${dimensions}) nulls not distinct`)
      .execute(db)
  await sql`update dashboard_rollup_cursor set rebuild = true where exists (select 1 from incidents)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(ROLLUP_KEYS)) await sql.raw(`drop index ${table}_key`).execute(db)
  await sql`drop table dashboard_case_counts`.execute(db)
}

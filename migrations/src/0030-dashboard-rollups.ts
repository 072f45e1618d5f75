import { sql, type Kysely } from 'kysely'

/**
 * The dashboard's daily roll-ups (issue 16): a year's figures must not scan a year of incidents.
 *
 * Four narrow tables instead of one wide one: a row per (day, unit grid, source, category, department, worker)
 * would hold nearly one row per incident at a million a year, so each question gets the few dimensions it needs —
 *   dashboard_area_days      area × source        (headline, trends, community and area rankings, sources)
 *   dashboard_grid_days      unit grid            (unit-grid ranking, heat map)
 *   dashboard_category_days  area × sub-category  (breakdown by category group and sub-category, within a scope)
 *   dashboard_assignee_days  area × department × assigned worker (department and worker rankings)
 * A case counts on the Asia/Shanghai day it was reported, with its outcome as it stands now (the cohort the
 * statistics API has always counted), so a later step re-opens its day. Each table holds `day` rows and `month` rows
 * (the sum of a month's days, `day` = the month's first day): a year reads twelve month rows per key and a few
 * edge days, not 365 days.
 *
 * Kept current from the event log, never in the filing transaction (dashboard-rollup-consumer.ts): the cursor row
 * says how far the log has been read; `rebuild` asks the consumer to recompute every day (after this migration on a
 * database with history, and after a seed's bulk insert, which writes no events).
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

const ROLLUP_TABLES = [
  'dashboard_area_days',
  'dashboard_grid_days',
  'dashboard_category_days',
  'dashboard_assignee_days',
]

export async function up(db: Kysely<unknown>): Promise<void> {
  const span = `span text not null check (span in ('day', 'month')), day date not null`
  await sql
    .raw(
      `create table dashboard_area_days (${span}, grid_l1_id integer not null, grid_l2_id integer not null,
        source text not null, ${MEASURES})`,
    )
    .execute(db)
  await sql
    .raw(
      `create table dashboard_grid_days (${span}, grid_l1_id integer not null, grid_l2_id integer not null,
        grid_l3_id integer not null, ${MEASURES})`,
    )
    .execute(db)
  await sql
    .raw(
      `create table dashboard_category_days (${span}, grid_l1_id integer not null, grid_l2_id integer not null,
        category_id integer not null, ${MEASURES})`,
    )
    .execute(db)
  await sql
    .raw(
      `create table dashboard_assignee_days (${span}, grid_l1_id integer not null, grid_l2_id integer not null,
        department_id integer, worker_id integer, ${MEASURES})`,
    )
    .execute(db)
  for (const table of ROLLUP_TABLES)
    await sql`create index ${sql.raw(`${table}_span_day_idx`)} on ${sql.table(table)} (span, day)`.execute(db)
  await sql`
    create table dashboard_rollup_cursor (
      one boolean primary key default true check (one),
      last_seq bigint not null,
      rebuild boolean not null
    )`.execute(db)
  await sql`
    insert into dashboard_rollup_cursor (last_seq, rebuild)
    select coalesce(max(seq), 0), exists (select 1 from incidents) from events`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['dashboard_rollup_cursor', ...ROLLUP_TABLES])
    await sql`drop table if exists ${sql.table(table)}`.execute(db)
}

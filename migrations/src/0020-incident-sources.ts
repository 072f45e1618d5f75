import { sql, type Kysely } from 'kysely'

/**
 * Where a case came from: a grid worker's or a supervisor's own report, a 12345 hotline work order, an Open311
 * request from another system, or a patrol. Every list, filter, export and statistic can then tell them apart.
 *
 * The column has no default: whoever writes an incident names its source (the report path from the reporter's
 * role, the hotline and Open311 intake as themselves), so a new intake cannot slip in disguised as a worker's report.
 * Existing rows are backfilled from their reporter's role — until now only workers and supervisors could report.
 * The backfill adds the column with a transient default (no table rewrite) and rewrites only supervisors' reports.
 *
 * The index covers only the outside sources (hotline, Open311, patrol): those are the few rows a `source=` filter
 * has to find among a million field reports, and a report from the field never touches it, so the report
 * insert pays nothing for it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table incidents add column source text not null default 'worker'
      constraint incidents_source_check check (source in ('worker', 'supervisor', 'hotline', 'open311', 'patrol'))`.execute(
    db,
  )
  await sql`
    update incidents i set source = 'supervisor'
    from users u where u.id = i.reporter_id and u.role = 'supervisor'`.execute(db)
  await sql`alter table incidents alter column source drop default`.execute(db)
  await sql`
    create index incidents_outside_source_idx on incidents (source, id)
    where source in ('hotline', 'open311', 'patrol')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index incidents_outside_source_idx`.execute(db)
  await sql`alter table incidents drop column source`.execute(db)
}

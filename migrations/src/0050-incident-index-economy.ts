import { sql, type Kysely } from 'kysely'

/**
 * Three fewer index entries for every report filed, with the same lookups served.
 *
 * Every new case wrote an entry into each of the incidents table's indexes, and the filing statement's time at
 * load is mostly its writes and their WAL (pnpm bench reports: the filing backends were seen waiting on WALWrite
 * and WALSync far more often than running). Two of those entries said nothing and one said a thing twice:
 *
 * - `incidents_assignee_idx` and `incidents_department_idx` held a NULL key for every case not yet dispatched —
 *   which is every new report but the few fixed on the spot. Every query that reads them names a user or a
 *   department (`assignee_user_id = $n`, `assignee_department_id = $n`, a strict comparison that implies the key is
 *   not null), so as partial indexes on the non-null keys they serve the same queries and a report skips both.
 * - `case_number` had a unique btree for equality and, since 0015, a second one with `text_pattern_ops` for prefix
 *   search (the database's collation is not C, so the first cannot serve `like 'DY-2026…%'`). A unique index with
 *   `text_pattern_ops` does both: its equality is the same as text's, so it keeps case numbers unique, and it
 *   serves the prefix. It is a unique index, not a constraint (PostgreSQL builds unique constraints only on
 *   default operator classes); nothing names the constraint, and `on conflict (case_number)` infers either. It keeps
 *   the old name, so a duplicate's error reads the same.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index incidents_assignee_idx`.execute(db)
  await sql`create index incidents_assignee_idx on incidents (assignee_user_id, id) where assignee_user_id is not null`.execute(
    db,
  )
  await sql`drop index incidents_department_idx`.execute(db)
  await sql`
    create index incidents_department_idx on incidents (assignee_department_id, id)
    where assignee_department_id is not null`.execute(db)
  await sql`create unique index incidents_case_number_unique on incidents (case_number text_pattern_ops)`.execute(db)
  await sql`alter table incidents drop constraint incidents_case_number_key`.execute(db)
  await sql`alter index incidents_case_number_unique rename to incidents_case_number_key`.execute(db)
  await sql`drop index incidents_case_number_pattern`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index incidents_case_number_pattern on incidents (case_number text_pattern_ops)`.execute(db)
  await sql`drop index incidents_case_number_key`.execute(db)
  await sql`alter table incidents add constraint incidents_case_number_key unique (case_number)`.execute(db)
  await sql`drop index incidents_department_idx`.execute(db)
  await sql`create index incidents_department_idx on incidents (assignee_department_id, id)`.execute(db)
  await sql`drop index incidents_assignee_idx`.execute(db)
  await sql`create index incidents_assignee_idx on incidents (assignee_user_id, id)`.execute(db)
}

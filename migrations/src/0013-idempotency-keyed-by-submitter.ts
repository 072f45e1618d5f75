import { sql, type Kysely } from 'kysely'

/**
 * A report's or an audit's idempotency key belongs to the one who submitted it: unique per (reporter, clientId) and
 * per (auditor, clientId), no longer across the street. Unique across the street, anyone who sent another user's
 * clientId was answered with that user's incident or audit — a record they may not read — and their own
 * submission was dropped. Now the same clientId from someone else files their own record.
 *
 * The new indexes lead with the submitter, so they also serve "the reports of this user".
 * Down fails, as it must, once two submitters have used the same clientId.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table incidents drop constraint incidents_client_id_key`.execute(db)
  await sql`create unique index incidents_reporter_client_idx on incidents (reporter_id, client_id)`.execute(db)
  await sql`alter table station_audits drop constraint station_audits_client_id_key`.execute(db)
  await sql`create unique index station_audits_auditor_client_idx on station_audits (auditor_id, client_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index station_audits_auditor_client_idx`.execute(db)
  await sql`alter table station_audits add constraint station_audits_client_id_key unique (client_id)`.execute(db)
  await sql`drop index incidents_reporter_client_idx`.execute(db)
  await sql`alter table incidents add constraint incidents_client_id_key unique (client_id)`.execute(db)
}

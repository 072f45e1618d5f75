import { sql, type Kysely } from 'kysely'

/**
 * Who changed what, when and from where: one row per change, written in the change's own transaction. The table
 * is append-only for everyone, the app's role included: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_id integer references users (id),
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      address text
    )`.execute(db)
  await sql`create index audit_log_entity_idx on audit_log (entity, entity_id, id)`.execute(db)
  await sql`create index audit_log_actor_idx on audit_log (actor_id, id)`.execute(db)
  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end
    $$`.execute(db)
  await sql`
    create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db)
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_log`.execute(db)
  await sql`drop function if exists audit_log_is_append_only()`.execute(db)
}

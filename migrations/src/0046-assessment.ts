import { sql, type Kysely } from 'kysely'

/**
 * The monthly assessment (考核): admins' weights and targets per sheet (worker, department, community) and
 * indicator, and the months that have been closed. A closed month keeps the sheets as they were computed when it
 * closed (`sheets`, frozen: a trigger refuses changing them); a case corrected afterwards changes only the live
 * figures, which the API shows beside the frozen ones as adjustments. The indicator list mirrors
 * apps/api/src/plugins/app/assessment/assessment-indicators.ts, where the rules live.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assessment_weights (
      sheet text not null check (sheet in ('worker', 'department', 'community')),
      indicator text not null check (indicator ~ '^[a-zA-Z]{1,40}$'),
      weight real not null check (weight between 0 and 100),
      target real not null check (target >= 0),
      updated_at timestamptz not null default now(),
      primary key (sheet, indicator)
    )`.execute(db)
  await sql`
    insert into assessment_weights (sheet, indicator, weight, target) values
      ('worker', 'reports', 25, 30),
      ('worker', 'validRate', 20, 0.9),
      ('worker', 'coverage', 30, 1),
      ('worker', 'patrolHours', 15, 40),
      ('worker', 'selfHandled', 10, 5),
      ('department', 'onTimeRate', 40, 0.95),
      ('department', 'reworkRate', 20, 0.05),
      ('department', 'extensionRate', 20, 0.05),
      ('department', 'avgHandlingHours', 20, 16),
      ('community', 'validRate', 25, 0.9),
      ('community', 'onTimeRate', 30, 0.95),
      ('community', 'closeRate', 25, 0.9),
      ('community', 'coverage', 20, 1)`.execute(db)
  await sql`
    create table assessment_months (
      month text primary key check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      closed_at timestamptz not null default now(),
      closed_by integer not null references users (id),
      sheets jsonb not null
    )`.execute(db)
  await sql`
    create function assessment_month_is_frozen() returns trigger language plpgsql as $$
    begin
      raise exception 'a closed assessment month is frozen: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db)
  await sql`
    create trigger assessment_months_frozen before update or delete on assessment_months
    for each row execute function assessment_month_is_frozen()`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists assessment_months`.execute(db)
  await sql`drop function if exists assessment_month_is_frozen()`.execute(db)
  await sql`drop table if exists assessment_weights`.execute(db)
}

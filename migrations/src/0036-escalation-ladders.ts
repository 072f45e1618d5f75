import { sql, type Kysely } from 'kysely'

/**
 * Urging and escalation ladders (issue 19): a ladder per sub-category, or the street's default (category null).
 * `steps` is the ladder itself, checked by @wangge/sla's `parseLadderSteps` before it is stored.
 *
 * The single timer: `incidents.next_ladder_at` is when the case's next step falls due, indexed only where it is set,
 * so a pass reads the due rows and never scans the open cases. `ladder_step` counts the steps already taken.
 * Nothing on the report path writes these columns (a new report has no due time): a trigger arms the timer when
 * a case's clock starts or moves (dispatch, rework, extension) by setting `next_ladder_at` to -infinity — the next
 * pass computes the real time in working time with the calendar, in TypeScript, and stores it — and disarms it when
 * the case leaves dispatched/in progress. A dispatch restarts the ladder; an extension keeps the steps taken.
 *
 * 督办 (supervision by a manager) pins a case until it is closed: `supervised_at`/`supervised_by`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table escalation_ladders (
      id integer generated always as identity primary key,
      category_id integer unique references categories (id) on delete cascade,
      steps jsonb not null,
      updated_by integer not null references users (id),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index escalation_ladders_street_idx on escalation_ladders ((true)) where category_id is null`.execute(
    db,
  )
  await sql`
    alter table incidents
      add column next_ladder_at timestamptz,
      add column ladder_step smallint not null default 0,
      add column supervised_at timestamptz,
      add column supervised_by integer references users (id)`.execute(db)
  await sql`create index incidents_next_ladder_idx on incidents (next_ladder_at) where next_ladder_at is not null`.execute(
    db,
  )
  await sql`create index incidents_supervised_idx on incidents (supervised_at) where supervised_at is not null`.execute(
    db,
  )
  await sql`
    create function incidents_arm_ladder() returns trigger language plpgsql as $$
    begin
      if new.status not in ('dispatched', 'in_progress') or new.due_at is null then
        new.next_ladder_at := null;
      elsif new.dispatched_at is distinct from old.dispatched_at then
        new.ladder_step := 0;
        new.next_ladder_at := '-infinity';
      elsif new.due_at is distinct from old.due_at or old.status not in ('dispatched', 'in_progress') then
        new.next_ladder_at := '-infinity';
      end if;
      return new;
    end $$`.execute(db)
  await sql`
    create trigger incidents_arm_ladder before update of status, due_at, dispatched_at on incidents
    for each row execute function incidents_arm_ladder()`.execute(db)
  // A case written already running (the seed, an intake that dispatches as it files) is armed too. A report is
  // filed without a due time, so the WHEN clause keeps the function off the report path.
  await sql`
    create function incidents_arm_new_ladder() returns trigger language plpgsql as $$
    begin
      if new.status in ('dispatched', 'in_progress') then
        new.next_ladder_at := '-infinity';
      end if;
      return new;
    end $$`.execute(db)
  await sql`
    create trigger incidents_arm_new_ladder before insert on incidents
    for each row when (new.due_at is not null) execute function incidents_arm_new_ladder()`.execute(db)
  // Cases already running when this ships get their ladder from the first pass.
  await sql`
    update incidents set next_ladder_at = '-infinity'
    where status in ('dispatched', 'in_progress') and due_at is not null`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger incidents_arm_new_ladder on incidents`.execute(db)
  await sql`drop function incidents_arm_new_ladder()`.execute(db)
  await sql`drop trigger incidents_arm_ladder on incidents`.execute(db)
  await sql`drop function incidents_arm_ladder()`.execute(db)
  await sql`
    alter table incidents
      drop column next_ladder_at, drop column ladder_step, drop column supervised_at, drop column supervised_by`.execute(
    db,
  )
  await sql`drop table escalation_ladders`.execute(db)
}

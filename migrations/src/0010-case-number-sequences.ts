import { sql, type Kysely } from 'kysely'

/**
 * A day's case numbers (DY-YYYYMMDD-NNNN) come from a sequence, not from a counter row.
 *
 * The counter row of 0005 was updated by every report and stayed locked until that report committed: reports of the
 * same day queued behind each other through their whole insert and its WAL flush. On the bench's two cores the
 * filing statement alone did 1,700 statements/s from 8 clients, no more than from one; with a sequence, 5,200.
 * `nextval` takes no lock that lasts past the call.
 *
 * Days alternate between two sequences (even and odd days since 2000-01-01), so that restarting a day's sequence
 * at 1 never touches the one a report from just before midnight may still be drawing from. A day is restarted once,
 * by its first report, under an advisory lock, and recorded in `case_number_days`; every later report of that day
 * sees the row and only calls `nextval`. The price: a report that fails after taking its number leaves a gap in the
 * day's numbering (the counter row gave the number back on rollback). Numbers are still unique: the column is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence case_number_even_days as bigint minvalue 1`.execute(db)
  await sql`create sequence case_number_odd_days as bigint minvalue 1`.execute(db)
  await sql`create table case_number_days (day date primary key)`.execute(db)
  await sql`
    create function case_number_sequence(day date) returns regclass language sql stable as $$
      select case when (day - date '2000-01-01') % 2 = 0 then 'case_number_even_days'::regclass else 'case_number_odd_days'::regclass end
    $$`.execute(db)
  await sql`
    create function next_case_number(day date) returns bigint language plpgsql volatile as $$
    begin
      if not exists (select 1 from case_number_days d where d.day = next_case_number.day) then
        -- The day's first report. Others that arrive meanwhile wait here, then see the row (a new snapshot per
        -- statement under READ COMMITTED) and skip the restart.
        perform pg_advisory_xact_lock(hashtextextended('wangge.case_number_days', 0));
        if not exists (select 1 from case_number_days d where d.day = next_case_number.day) then
          insert into case_number_days (day) values (next_case_number.day);
          perform setval(case_number_sequence(day), 1, false);
        end if;
      end if;
      return nextval(case_number_sequence(day));
    end
    $$`.execute(db)
  // For imports and seeds that write a day's cases themselves: the day's numbers carry on after `last_number`. Only today
  // or a later day moves a sequence; an earlier day's sequence belongs to another day by now.
  await sql`
    create function continue_case_numbers(day date, last_number bigint) returns void language plpgsql volatile as $$
    declare
      seq regclass := case_number_sequence(day);
      drawn bigint;
    begin
      perform pg_advisory_xact_lock(hashtextextended('wangge.case_number_days', 0));
      if not exists (select 1 from case_number_days d where d.day = continue_case_numbers.day) then
        insert into case_number_days (day) values (continue_case_numbers.day);
        if day >= (now() at time zone 'Asia/Shanghai')::date then perform setval(seq, 1, false); end if;
      end if;
      if day >= (now() at time zone 'Asia/Shanghai')::date and last_number >= 1 then
        execute format('select case when is_called then last_value else last_value - 1 end from %s', seq) into drawn;
        if last_number > drawn then perform setval(seq, last_number, true); end if;
      end if;
    end
    $$`.execute(db)
  await sql`select continue_case_numbers(day, last) from case_number_counters order by day`.execute(db)
  await sql`drop table case_number_counters`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create table case_number_counters (day date primary key, last integer not null)`.execute(db)
  // The counters are what the case numbers themselves say.
  await sql`
    insert into case_number_counters (day, last)
    select to_date(split_part(case_number, '-', 2), 'YYYYMMDD'), max(split_part(case_number, '-', 3)::integer)
    from incidents where case_number ~ '^[A-Z]+-[0-9]{8}-[0-9]+$' group by 1`.execute(db)
  await sql`drop function continue_case_numbers(date, bigint)`.execute(db)
  await sql`drop function next_case_number(date)`.execute(db)
  await sql`drop function case_number_sequence(date)`.execute(db)
  await sql`drop table case_number_days`.execute(db)
  await sql`drop sequence case_number_odd_days`.execute(db)
  await sql`drop sequence case_number_even_days`.execute(db)
}

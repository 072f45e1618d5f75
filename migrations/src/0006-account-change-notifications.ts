import { sql, type Kysely } from 'kysely'

/**
 * Every API instance keeps signed-in sessions and users in memory (the report path cannot afford two extra queries
 * per request) and must forget them the moment they change anywhere — logout, deactivation, a new role or grid,
 * whichever instance or script made the change. These triggers announce such changes on the `wangge_accounts`
 * channel at commit: `session:<sid>`, `user:<id>`, or `all` when departments or grids change (a user's view names them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_account_change() returns trigger language plpgsql as $$
    begin
      if tg_level = 'STATEMENT' then
        perform pg_notify('wangge_accounts', 'all');
      elsif tg_table_name = 'sessions' then
        perform pg_notify('wangge_accounts', 'session:' || old.sid);
      elsif tg_table_name = 'users' then
        perform pg_notify('wangge_accounts', 'user:' || old.id);
      elsif tg_op = 'INSERT' then
        perform pg_notify('wangge_accounts', 'user:' || new.user_id);
      else
        perform pg_notify('wangge_accounts', 'user:' || old.user_id);
      end if;
      return null;
    end
    $$`.execute(db)
  // A new session is read from the table on first use, so only its end or change needs announcing.
  await sql`create trigger sessions_notify after update or delete on sessions for each row execute function notify_account_change()`.execute(
    db,
  )
  await sql`create trigger users_notify after update or delete on users for each row execute function notify_account_change()`.execute(
    db,
  )
  await sql`create trigger user_grids_notify after insert or update or delete on user_grids for each row execute function notify_account_change()`.execute(
    db,
  )
  await sql`create trigger departments_notify after update or delete on departments for each statement execute function notify_account_change()`.execute(
    db,
  )
  await sql`create trigger grids_notify after update or delete on grids for each statement execute function notify_account_change()`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [trigger, table] of [
    ['grids_notify', 'grids'],
    ['departments_notify', 'departments'],
    ['user_grids_notify', 'user_grids'],
    ['users_notify', 'users'],
    ['sessions_notify', 'sessions'],
  ]) {
    await sql`drop trigger if exists ${sql.id(trigger!)} on ${sql.table(table!)}`.execute(db)
  }
  await sql`drop function if exists notify_account_change()`.execute(db)
}

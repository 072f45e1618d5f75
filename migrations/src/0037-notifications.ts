import { sql, type Kysely } from 'kysely'

/**
 * Notifications (issue 19): an outbox, one row per notice per user, written in the transaction of what caused it
 * (or right after it), shown in the web's bell and pushed live over socket.io; Web Push to the user's subscribed
 * browsers is delivered at least once from the row: `push_next_at` is set while a push is owed and moves back
 * with each failed attempt. `dedupe_key` keeps a notice that a retried pass would write again to one row.
 * Mutes are per user and kind; a muted kind is not written at all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notifications (
      id bigint generated always as identity primary key,
      user_id integer not null references users (id) on delete cascade,
      kind text not null,
      incident_id bigint references incidents (id) on delete cascade,
      dedupe_key text,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      push_attempts integer not null default 0,
      push_next_at timestamptz,
      pushed_at timestamptz
    )`.execute(db)
  await sql`create index notifications_user_idx on notifications (user_id, id)`.execute(db)
  await sql`create index notifications_unread_idx on notifications (user_id) where read_at is null`.execute(db)
  await sql`create index notifications_push_idx on notifications (push_next_at) where push_next_at is not null`.execute(
    db,
  )
  await sql`create unique index notifications_dedupe_idx on notifications (user_id, dedupe_key) where dedupe_key is not null`.execute(
    db,
  )
  await sql`
    create table notification_mutes (
      user_id integer not null references users (id) on delete cascade,
      kind text not null,
      primary key (user_id, kind)
    )`.execute(db)
  await sql`
    create table push_subscriptions (
      id integer generated always as identity primary key,
      user_id integer not null references users (id) on delete cascade,
      endpoint text not null unique check (length(endpoint) <= 1000),
      p256dh text not null,
      auth text not null,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index push_subscriptions_user_idx on push_subscriptions (user_id)`.execute(db)
  // The registration watch reads reported cases past this id only (the status index): see notifications' timer.
  await sql`create table registration_watch (id boolean primary key default true check (id), last_incident_id bigint not null default 0)`.execute(
    db,
  )
  await sql`insert into registration_watch default values`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['registration_watch', 'push_subscriptions', 'notification_mutes', 'notifications'])
    await sql`drop table ${sql.table(table)}`.execute(db)
}

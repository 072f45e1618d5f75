import { sql, type Kysely } from 'kysely'

/**
 * The city's 12345 hotline work orders (工单). Each order is one incident (`incident_id`, unique) and is keyed by the
 * hotline's own number (工单号, unique): the same number filed twice finds the first order. The caller's name and
 * phone are personal data: sealed at rest with the registry's AES-256-GCM key (DATA_KEY), with their masked forms
 * beside them for lists, so only the case page a supervisor opens ever decrypts them. The hotline's own
 * limits are kept per order with their due times, counted on the working calendar when the order arrives, so the
 * indicators (签收及时率, 按期办结率) never recount them. `hotline_replies` is what the street answers the city
 * (签收, 回单, 退单): an append-only feed the city's system reads past a cursor (`seq`); `hotline_revisits` the
 * city's revisit (回访) results, of which a dissatisfied one sends the case back to rework.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hotline_orders (
      id bigint generated always as identity primary key,
      order_number text not null unique check (order_number ~ '^[0-9A-Za-z-]{1,40}$'),
      incident_id bigint not null unique references incidents (id),
      caller_name_sealed bytea not null,
      caller_phone_sealed bytea not null,
      caller_name_masked text not null,
      caller_phone_masked text not null,
      called_at timestamptz not null,
      sign_limit_hours numeric not null check (sign_limit_hours > 0),
      finish_limit_days numeric not null check (finish_limit_days > 0),
      received_at timestamptz not null default now(),
      received_by integer not null references users (id),
      sign_due_at timestamptz not null,
      finish_due_at timestamptz not null,
      status text not null default 'received' check (status in ('received', 'signed', 'replied', 'finished', 'returned')),
      signed_at timestamptz,
      first_replied_at timestamptz,
      replied_at timestamptz,
      returned_at timestamptz,
      revisit_result text check (revisit_result in ('satisfied', 'basically_satisfied', 'dissatisfied')),
      revisited_at timestamptz,
      redo_count integer not null default 0
    )`.execute(db)
  await sql`create index hotline_orders_received_idx on hotline_orders (received_at, id)`.execute(db)
  await sql`create index hotline_orders_status_idx on hotline_orders (status, id)`.execute(db)
  await sql`
    create table hotline_replies (
      seq bigint generated always as identity primary key,
      order_id bigint not null references hotline_orders (id),
      kind text not null check (kind in ('sign', 'reply', 'return')),
      at timestamptz not null default now(),
      actor_id integer not null references users (id),
      content text check (length(content) <= 2000)
    )`.execute(db)
  await sql`create index hotline_replies_order_idx on hotline_replies (order_id, seq)`.execute(db)
  await sql`
    create table hotline_revisits (
      id bigint generated always as identity primary key,
      order_id bigint not null references hotline_orders (id),
      result text not null check (result in ('satisfied', 'basically_satisfied', 'dissatisfied')),
      note text check (length(note) <= 2000),
      at timestamptz not null default now(),
      actor_id integer not null references users (id)
    )`.execute(db)
  await sql`create index hotline_revisits_order_idx on hotline_revisits (order_id, id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table hotline_revisits`.execute(db)
  await sql`drop table hotline_replies`.execute(db)
  await sql`drop table hotline_orders`.execute(db)
}

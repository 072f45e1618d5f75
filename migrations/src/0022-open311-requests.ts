import { sql, type Kysely } from 'kysely'

/**
 * What an Open311 request brought beside its incident (source 'open311'): the key that filed it, the token the
 * client may follow it by, the service and its attribute values, and what the client said of itself and of the
 * person reporting. Those personal fields (email, names, phone, device and account ids) are kept for the street
 * to call back and are never part of a public reply. The incident itself holds the description, point and address,
 * so every list, the map and the workflow treat it as any other case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table open311_requests (
      incident_id bigint primary key references incidents (id),
      api_key_id integer not null references open311_api_keys (id),
      token uuid not null unique,
      service_code text not null,
      attributes jsonb not null default '{}'::jsonb,
      address_string text check (length(address_string) <= 200),
      media_url text check (length(media_url) <= 2000),
      email text check (length(email) <= 254),
      device_id text check (length(device_id) <= 100),
      account_id text check (length(account_id) <= 100),
      first_name text check (length(first_name) <= 50),
      last_name text check (length(last_name) <= 50),
      phone text check (length(phone) <= 30)
    )`.execute(db)
  await sql`create index open311_requests_key_idx on open311_requests (api_key_id, incident_id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table open311_requests`.execute(db)
}

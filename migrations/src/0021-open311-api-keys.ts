import { sql, type Kysely } from 'kysely'

/**
 * API keys for the systems that file cases through Open311 (issue 17): one per integrating system, issued by an
 * admin with the services it may file and its own rate limit. The key itself is shown once and never stored: only
 * its SHA-256 (a random 32-byte key needs no slow hash — there is nothing to guess) and a short prefix that lets an
 * admin tell keys apart. A key is revoked, never deleted, so the cases and audit rows that name it keep their meaning.
 * `services` null means every service; otherwise the service codes (sub-category codes) it may file.
 * Every use of a key is a row in audit_log (entity 'open311_key').
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table open311_api_keys (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 50),
      key_prefix text not null unique check (key_prefix ~ '^[0-9a-f]{8}$'),
      key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
      services text[] check (cardinality(services) between 1 and 500),
      rate_limit_per_minute integer not null check (rate_limit_per_minute between 1 and 6000),
      created_by integer not null references users (id),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by integer references users (id),
      last_used_at timestamptz,
      constraint open311_api_keys_revocation check ((revoked_at is null) = (revoked_by is null))
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table open311_api_keys`.execute(db)
}

import { sql, type Kysely } from 'kysely'

/**
 * Sign-in attempt counters shared by every API instance when there is no Redis (login-attempts-pg.ts): one row per
 * (phone, address) pair and per address, forgotten when `expires_at` passes. Unlogged: a crash that loses the
 * counters only forgives a few failed sign-ins, and no counter write waits for the WAL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unlogged table login_attempts (
      key text primary key,
      attempts integer not null,
      previous_at timestamptz,
      last_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db)
  await sql`create index login_attempts_expires_at on login_attempts (expires_at)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_attempts`.execute(db)
}

import { sql, type Kysely } from 'kysely'

/**
 * The sign-in counters' table holds every shared request budget now: the sign-in throttle's, the Open311 reads' per
 * address and each API key's a minute (apps/api/src/plugins/app/rate-counters). Counted in each process's memory,
 * behind N instances a key got N times its budget. The table keeps its rows and shape; only its name says what it
 * holds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_attempts rename to rate_counters`.execute(db)
  await sql`alter index login_attempts_pkey rename to rate_counters_pkey`.execute(db)
  await sql`alter index login_attempts_expires_at rename to rate_counters_expires_at`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter index rate_counters_expires_at rename to login_attempts_expires_at`.execute(db)
  await sql`alter index rate_counters_pkey rename to login_attempts_pkey`.execute(db)
  await sql`alter table rate_counters rename to login_attempts`.execute(db)
}

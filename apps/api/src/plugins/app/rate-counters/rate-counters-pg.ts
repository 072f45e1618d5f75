import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { CountedHit, RateCounters } from './rate-counters.ts'

interface CountRow {
  attempts: number
  previous_at: Date | null
  expires_at: Date
}

/** The shared counters in the unlogged `rate_counters` table (migrations 0014, 0080), for deployments without Redis. */
export function pgRateCounters(db: Kysely<Database>): RateCounters & { sweep(now: number): Promise<void> } {
  return {
    async count(key, now, ttlMs, sliding): Promise<CountedHit> {
      const at = new Date(now)
      const expires = new Date(now + ttlMs)
      // In an upsert's SET every `a.` column is the row before this hit: an expired row starts again at 1.
      const { rows } = await sql<CountRow>`
        insert into rate_counters as a (key, attempts, previous_at, last_at, expires_at)
        values (${key}, 1, null, ${at}, ${expires})
        on conflict (key) do update set
          attempts = case when a.expires_at <= excluded.last_at then 1 else a.attempts + 1 end,
          previous_at = case when a.expires_at <= excluded.last_at then null else a.last_at end,
          last_at = excluded.last_at,
          expires_at = case when a.expires_at <= excluded.last_at or ${sliding} then excluded.expires_at else a.expires_at end
        returning attempts, previous_at, expires_at`.execute(db)
      const row = rows[0]!
      return {
        attempts: row.attempts,
        previousAt: row.previous_at?.getTime() ?? null,
        expiresAt: row.expires_at.getTime(),
      }
    },
    async uncount(key) {
      await sql`update rate_counters set attempts = greatest(attempts - 1, 0) where key = ${key}`.execute(db)
    },
    async forget(key) {
      await sql`delete from rate_counters where key = ${key}`.execute(db)
    },
    async sweep(now) {
      await sql`delete from rate_counters where expires_at < ${new Date(now)}`.execute(db)
    },
    async close() {},
  }
}

import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'

/** The street's prefix on case numbers: DY-YYYYMMDD-NNNN (大虞). */
export const CASE_PREFIX = 'DY'

/** The next case number of the incident's Shanghai day, from a per-day counter row locked by the upsert. */
export async function allocateCaseNumber(tx: Transaction<Database>, at: Date): Promise<string> {
  const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
  const { rows: [row] } = await sql<{ last: number }>`
    insert into case_number_counters (day, last) values (${day}::date, 1)
    on conflict (day) do update set last = case_number_counters.last + 1
    returning last`.execute(tx)
  return `${CASE_PREFIX}-${day.replaceAll('-', '')}-${String(row!.last).padStart(4, '0')}`
}

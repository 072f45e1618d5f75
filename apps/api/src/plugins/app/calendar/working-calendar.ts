import { sql, type Kysely } from 'kysely'
import { createWorkingCalendar, type WorkingCalendar } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'

/**
 * The working-day calendar from `calendar_days` (a few dozen rows a year: read whole, per transition). On any
 * connection or transaction: a workflow step reads it inside its own (calendarRepository.workingCalendar() outside).
 */
export async function loadWorkingCalendar(db: Kysely<Database>): Promise<WorkingCalendar> {
  // to_char: a `date` read by node-postgres becomes a local-time Date, and the calendar wants 'YYYY-MM-DD'.
  const rows = await db
    .selectFrom('calendar_days')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('date'), 'working', 'note'])
    .execute()
  return createWorkingCalendar(rows)
}

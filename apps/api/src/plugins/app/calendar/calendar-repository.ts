import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { CalendarDay as ParsedCalendarDay, WorkingCalendar } from '@wangge/sla'
import type { CalendarDay } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { loadWorkingCalendar } from './working-calendar.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'

// to_char: a `date` read by node-postgres becomes a local-time Date, and the calendar wants 'YYYY-MM-DD'.
const DATE = sql<string>`to_char(day, 'YYYY-MM-DD')`.as('date')
const inYear = (year: number) => sql<boolean>`extract(year from day) = ${year}`

/** The working-day calendar's exceptions (`calendar_days`): public holidays and make-up working days. */
export function createCalendarRepository(db: Kysely<Database>) {
  return transactional(db, calendarQueries)
}

function calendarQueries(db: Kysely<Database>) {
  return {
    /** A year's exceptions in date order. */
    yearDays(year: number): Promise<CalendarDay[]> {
      return db
        .selectFrom('calendar_days')
        .select([DATE, 'working', 'note'])
        .where(inYear(year))
        .orderBy('day')
        .execute()
    },

    /** The whole calendar (a few dozen rows a year: read whole, per transition or indicator query). */
    workingCalendar: (): Promise<WorkingCalendar> => loadWorkingCalendar(db),

    /** Drops a year's exceptions and writes `days` in their place (in a `transaction`, with its audit row). */
    async replaceYear(year: number, days: readonly ParsedCalendarDay[]): Promise<void> {
      await db.deleteFrom('calendar_days').where(inYear(year)).execute()
      if (days.length)
        await db
          .insertInto('calendar_days')
          .values(days.map((d) => ({ day: d.date, working: d.working, note: d.note ?? '' })))
          .execute()
    },

    audit(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },
  }
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>

declare module 'fastify' {
  interface FastifyInstance {
    calendarRepository: CalendarRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('calendarRepository', createCalendarRepository(fastify.kysely))
  },
  { name: 'calendar-repository', dependencies: ['database'] },
)

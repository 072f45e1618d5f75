import fp from 'fastify-plugin'
import { parseCalendarYear } from '@wangge/sla'
import type { CalendarDay } from '@wangge/contract'
import { AppError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import type { CalendarRepository } from './calendar-repository.ts'

/** The calendar's one rule-bound change: a year's exceptions replaced whole, checked first, audited with it. */
export function createCalendarService(calendar: CalendarRepository) {
  return {
    /** Replaces `year`'s exceptions with `input` (checked by @wangge/sla: 400 with every problem) and returns them. */
    async replaceYear(year: number, input: unknown, actor: Actor): Promise<CalendarDay[]> {
      const parsed = parseCalendarYear(year, input)
      if (!parsed.ok)
        throw new AppError(400, 'VALIDATION_FAILED', `日历无效 / invalid calendar for ${year}`, parsed.problems)
      await calendar.transaction(async (tx) => {
        const before = await tx.yearDays(year)
        await tx.replaceYear(year, parsed.days)
        await tx.audit(actor, {
          action: 'calendar.replace',
          entity: 'calendar_year',
          entityId: year,
          before,
          after: parsed.days,
        })
      })
      return calendar.yearDays(year)
    },
  }
}

export type CalendarService = ReturnType<typeof createCalendarService>

declare module 'fastify' {
  interface FastifyInstance {
    calendarService: CalendarService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('calendarService', createCalendarService(fastify.calendarRepository))
  },
  { name: 'calendar-service', dependencies: ['calendar-repository'] },
)

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { parseCalendarYear } from '@wangge/sla'
import { AppError } from '../../../errors.ts'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { writeAudit } from '../../../plugins/app/audit/audit-log.ts'
import { CalendarDay, CalendarYearBody, errorResponses, YearParams } from '@wangge/contract'
import { Type } from '@sinclair/typebox'

/** The working-day calendar: weekends by default, with the year's public holidays and make-up days as exceptions. */
const calendarRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const yearRows = (year: number) =>
    fastify.kysely
      .selectFrom('calendar_days')
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('date'), 'working', 'note'])
      .where(sql<boolean>`extract(year from day) = ${year}`)
      .orderBy('day')
      .execute()

  fastify.get(
    '/api/calendar/:year',
    { schema: { tags: ['calendar'], summary: '工作日历例外（节假日、调休）/ the year\'s holidays and make-up working days', params: YearParams, response: { 200: Type.Array(CalendarDay), ...errorResponses(400, 401) } } },
    async (request) => yearRows(request.params.year),
  )

  fastify.put(
    '/api/calendar/:year',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: '替换一年的节假日与调休（管理员）/ replace a year\'s exceptions (admins)',
        params: YearParams,
        body: CalendarYearBody,
        response: { 200: Type.Array(CalendarDay), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      const { year } = request.params
      const parsed = parseCalendarYear(year, request.body)
      if (!parsed.ok) throw new AppError(400, 'VALIDATION_FAILED', `日历无效 / invalid calendar for ${year}`, parsed.problems)
      await fastify.kysely.transaction().execute(async (tx) => {
        const before = await tx.selectFrom('calendar_days').select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('date'), 'working', 'note']).where(sql<boolean>`extract(year from day) = ${year}`).orderBy('day').execute()
        await tx.deleteFrom('calendar_days').where(sql<boolean>`extract(year from day) = ${year}`).execute()
        if (parsed.days.length) {
          await tx.insertInto('calendar_days').values(parsed.days.map((d) => ({ day: d.date, working: d.working, note: d.note ?? '' }))).execute()
        }
        await writeAudit(tx, actorOf(request), { action: 'calendar.replace', entity: 'calendar_year', entityId: year, before, after: parsed.days })
      })
      return yearRows(year)
    },
  )
}

export default calendarRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { CalendarDay, CalendarYearBody, errorResponses, YearParams } from '@wangge/contract'

/** The working-day calendar: weekends by default, with the year's public holidays and make-up days as exceptions. */
const calendarRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: "工作日历例外（节假日、调休）/ the year's holidays and make-up working days",
        params: YearParams,
        response: { 200: Type.Array(CalendarDay), ...errorResponses(400, 401) },
      },
    },
    async (request) => fastify.calendarRepository.yearDays(request.params.year),
  )

  fastify.put(
    '/api/calendar/:year',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: "替换一年的节假日与调休（管理员）/ replace a year's exceptions (admins)",
        params: YearParams,
        body: CalendarYearBody,
        response: { 200: Type.Array(CalendarDay), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      return fastify.calendarService.replaceYear(request.params.year, request.body, actorOf(request))
    },
  )
}

export default calendarRoutes

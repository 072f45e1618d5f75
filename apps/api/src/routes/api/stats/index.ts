import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { indicators, type IndicatorGrouping } from '../../../plugins/app/incidents/indicators.ts'
import { loadWorkingCalendar } from '../../../plugins/app/incidents/working-calendar-repository.ts'
import { errorResponses } from '../error-schema.ts'
import { Timestamp } from '../schema-types.ts'

const Rate = Type.Union([Type.Number(), Type.Null()])
const IndicatorRow = Type.Object({
  key: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  reported: Type.Integer(),
  registered: Type.Integer(),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  closureRate: Rate,
  onTimeRate: Rate,
  reworkRate: Rate,
  extensionRate: Rate,
  averageHandlingHours: Rate,
})
const Range = {
  from: Timestamp({ description: '上报时间起（含）/ reported from (inclusive)' }),
  to: Timestamp({ description: '上报时间止（不含）/ reported before' }),
}

/** 结案率, 按期结案率, 返工率, 延期率 and average handling time, per grid, department or worker. */
const statsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const routes: { path: string; summary: string; grouping: (q: { level?: number }) => IndicatorGrouping; level?: boolean }[] = [
    { path: '/api/stats/grids', summary: '按网格的考核指标 / indicators per grid', grouping: (q) => ({ by: 'grid', level: (q.level ?? 1) as 1 | 2 | 3 }), level: true },
    { path: '/api/stats/departments', summary: '按责任单位的考核指标 / indicators per department', grouping: () => ({ by: 'department' }) },
    { path: '/api/stats/workers', summary: '按网格员的考核指标 / indicators per grid worker', grouping: () => ({ by: 'worker' }) },
  ]
  for (const route of routes) {
    fastify.get(
      route.path,
      {
        config: { roles: ['supervisor', 'manager', 'admin'] },
        schema: {
          tags: ['stats'],
          summary: route.summary,
          querystring: Type.Object({ ...Range, ...(route.level ? { level: Type.Integer({ minimum: 1, maximum: 3, default: 1 }) } : {}) }),
          response: { 200: Type.Array(IndicatorRow), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const user = requireRole(request, 'supervisor', 'manager', 'admin')
        const q = request.query as { from: string; to: string; level?: number }
        const calendar = await loadWorkingCalendar(fastify.kysely)
        return indicators(fastify.kysely, calendar, user, route.grouping(q), { from: new Date(q.from), to: new Date(q.to) })
      },
    )
  }
}

export default statsRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { scopeOf } from '../../../plugins/app/accounts/grid-scope.ts'
import { shanghaiToday, weekContaining } from '../../../plugins/app/patrols/periods.ts'
import {
  CoverageGridsQuery,
  CoverageRuleReply,
  CoverageWeekQuery,
  errorResponses,
  GridCoverageReply,
  WorkerCoverageReply,
} from '@wangge/contract'

/** Patrol coverage (巡查覆盖): per unit grid, per worker and week, and the street's weekly rule with who misses it. */
const coverageRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/coverage/grids',
    {
      config: { roles: ['worker', 'supervisor', 'manager'] },
      schema: {
        tags: ['coverage'],
        summary: '单元网格巡查覆盖（上次巡查、本周次数）/ unit grids’ last patrol and visits this week',
        querystring: CoverageGridsQuery,
        response: { 200: GridCoverageReply, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'worker', 'supervisor', 'manager')
      const week = weekContaining(request.query.week ?? shanghaiToday())
      const items = await fastify.coverageRepository.grids(scopeOf(user), request.query.grid, week)
      return { week: week.monday, items }
    },
  )

  fastify.get(
    '/api/coverage/workers',
    {
      config: { roles: ['supervisor', 'manager'] },
      schema: {
        tags: ['coverage'],
        summary: '网格员每周巡查覆盖率 / each worker’s share of their unit grids patrolled in the week',
        querystring: CoverageWeekQuery,
        response: { 200: WorkerCoverageReply, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'supervisor', 'manager')
      const week = weekContaining(request.query.week ?? shanghaiToday())
      return { week: week.monday, items: await fastify.coverageRepository.workers(scopeOf(user), week) }
    },
  )

  fastify.get(
    '/api/coverage/rule',
    {
      config: { roles: ['supervisor', 'manager'] },
      schema: {
        tags: ['coverage'],
        summary: '未达每周巡查要求的单元网格及责任网格员 / unit grids below the weekly rule and their workers',
        querystring: CoverageWeekQuery,
        response: { 200: CoverageRuleReply, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'supervisor', 'manager')
      const week = weekContaining(request.query.week ?? shanghaiToday())
      const { weeklyVisitsPerGrid } = await fastify.patrolsRepository.settings()
      const scope = scopeOf(user)
      const [missing, gridCount] = await Promise.all([
        fastify.coverageRepository.missing(scope, week, weeklyVisitsPerGrid),
        fastify.coverageRepository.unitGridCount(scope),
      ])
      return { week: week.monday, weeklyVisitsPerGrid, gridCount, missing }
    },
  )
}

export default coverageRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import type { IndicatorGrouping } from '../../../plugins/app/stats/stats-service.ts'
import {
  errorResponses,
  GridIndicatorQuery,
  IndicatorQuery,
  IndicatorRow,
  RegistryIndicators,
  RegistryStatsQuery,
} from '@wangge/contract'
import { Type } from '@sinclair/typebox'

/** 结案率, 按期结案率, 返工率, 延期率 and average handling time, per grid, department or worker. */
const statsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const routes: {
    path: string
    summary: string
    grouping: (q: { level?: number }) => IndicatorGrouping
    level?: boolean
  }[] = [
    {
      path: '/api/stats/grids',
      summary: '按网格的考核指标 / indicators per grid',
      grouping: (q) => ({ by: 'grid', level: (q.level ?? 1) as 1 | 2 | 3 }),
      level: true,
    },
    {
      path: '/api/stats/departments',
      summary: '按责任单位的考核指标 / indicators per department',
      grouping: () => ({ by: 'department' }),
    },
    {
      path: '/api/stats/workers',
      summary: '按网格员的考核指标 / indicators per grid worker',
      grouping: () => ({ by: 'worker' }),
    },
    {
      path: '/api/stats/sources',
      summary: '按来源的考核指标（网格员、监督员、12345热线、Open311、巡查）/ indicators per source',
      grouping: () => ({ by: 'source' }),
    },
  ]
  for (const route of routes) {
    fastify.get(
      route.path,
      {
        config: { roles: ['supervisor', 'manager', 'admin'] },
        schema: {
          tags: ['stats'],
          summary: route.summary,
          querystring: route.level ? GridIndicatorQuery : IndicatorQuery,
          response: { 200: Type.Array(IndicatorRow), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const user = requireRole(request, 'supervisor', 'manager', 'admin')
        const q = request.query as { from: string; to: string; level?: number }
        return fastify.statsService.indicators(user, route.grouping(q), { from: new Date(q.from), to: new Date(q.to) })
      },
    )
  }

  // Workers are refused as on the routes above: their figures are their grids' own pages, not statistics.
  fastify.get(
    '/api/stats/registry',
    {
      config: { roles: ['supervisor', 'manager', 'admin'] },
      schema: {
        tags: ['stats'],
        summary:
          '实有人口、户数、标签、各类单位及“5+2”规则（按社区），季度走访覆盖率（按网格、网格员）/ the registry per community, the 5 + 2 rule, a quarter’s visit coverage per grid and worker',
        querystring: RegistryStatsQuery,
        response: { 200: RegistryIndicators, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      fastify.statsService.registry(requireRole(request, 'supervisor', 'manager', 'admin'), request.query.quarter),
  )
}

export default statsRoutes

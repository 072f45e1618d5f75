import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from '@sinclair/typebox'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import {
  DashboardBreakdown,
  DashboardHeat,
  DashboardQuery,
  DashboardRanking,
  DashboardStations,
  DashboardSummary,
  DashboardTrend,
  errorResponses,
  RankingExportQuery,
  RankingQuery,
  sortRanking,
} from '@wangge/contract'

/** Who reads the dashboard: the street's managers and admins, and supervisors (their scope only). */
const READERS = ['supervisor', 'manager', 'admin'] as const

/** The dashboard's figures over a period of whole days: headline, trend, rankings, breakdown, heat map, stations. */
const dashboardRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const service = fastify.dashboardService
  const read = (path: string, summary: string, reply: TSchema) =>
    ({
      url: `/api/dashboard/${path}`,
      config: { roles: READERS },
      schema: {
        tags: ['dashboard'],
        summary,
        querystring: DashboardQuery,
        response: { 200: reply, ...errorResponses(400, 401, 403) },
      },
    }) as const

  fastify.get(
    '/api/dashboard/summary',
    read(
      'summary',
      '核心指标及与上一周期的变化，当前在办与超期 / headline figures, the previous period, open and overdue now',
      DashboardSummary,
    ),
    async (request) => service.summary(requireRole(request, ...READERS), request.query),
  )
  fastify.get(
    '/api/dashboard/trend',
    read(
      'trend',
      '按日或按周的上报、结案与按期结案趋势 / reports, closures and on-time share per day or week',
      DashboardTrend,
    ),
    async (request) => service.trend(requireRole(request, ...READERS), request.query),
  )
  fastify.get(
    '/api/dashboard/breakdown',
    read('breakdown', '按类别和来源的分布 / cases by category group, sub-category and source', DashboardBreakdown),
    async (request) => service.breakdown(requireRole(request, ...READERS), request.query),
  )
  fastify.get(
    '/api/dashboard/heat',
    read('heat', '各单元网格的上报数（热力图）/ reports per unit grid, for the heat map', DashboardHeat),
    async (request) => service.heat(requireRole(request, ...READERS), request.query),
  )
  fastify.get(
    '/api/dashboard/stations',
    read(
      'stations',
      '站点六有合规率走势与当前各项不合格数 / station compliance over time and failures per six-haves item',
      DashboardStations,
    ),
    async (request) => service.stations(requireRole(request, ...READERS), request.query),
  )
  fastify.get(
    '/api/dashboard/rankings',
    {
      config: { roles: READERS },
      schema: {
        tags: ['dashboard'],
        summary: '社区、片区、网格、责任单位、网格员排名 / rankings of communities, areas, grids, departments, workers',
        querystring: RankingQuery,
        response: { 200: DashboardRanking, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.ranking(requireRole(request, ...READERS), request.query),
  )
  fastify.get(
    '/api/dashboard/rankings/export',
    {
      config: { roles: READERS },
      schema: {
        tags: ['dashboard'],
        summary: '导出排名（XLSX，按表格的排序）/ a ranking as XLSX, in the table’s order',
        querystring: RankingExportQuery,
        response: { 200: Type.Unknown({ description: 'XLSX' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...READERS)
      const { sort = 'reported', order = 'desc', ...query } = request.query
      const file = await service.rankingFile(user, query, (rows) => sortRanking(rows, sort, order))
      // As every export: who took which figures out, and from where.
      await fastify.auditRepository.write(actorOf(request), {
        action: 'dashboard.export',
        entity: 'export',
        entityId: null,
        after: request.query,
      })
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .header('cache-control', 'no-store')
        .send(file.body)
    },
  )
}

export default dashboardRoutes

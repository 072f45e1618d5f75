import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AppError } from '../../../errors.ts'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { scopeOf } from '../../../plugins/app/accounts/grid-scope.ts'
import { positionsWithin, STALE_AFTER_S } from '../../../plugins/app/realtime/worker-positions.ts'
import { BBoxParam, parseBBox } from '../bbox.ts'
import { errorResponses } from '../error-schema.ts'
import { Id } from '../schema-types.ts'

const WorkerPosition = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  accuracy: Type.Union([Type.Number(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  stale: Type.Boolean({ description: `超过 ${STALE_AFTER_S / 60} 分钟未更新 / older than ${STALE_AFTER_S / 60} minutes` }),
  grids: Type.Array(Type.Integer(), { minItems: 3, maxItems: 3, description: '[l1, l2, l3]' }),
  distanceM: Type.Union([Type.Number(), Type.Null()], { description: '到 near 的距离（米）/ metres to `near`, when given' }),
})

const PointParam = Type.String({ pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?\\s*$', description: 'lng,lat (WGS-84)' })

/** Where the on-duty grid workers are, for the supervisors' live map and the dispatch dialog's suggestions. */
const workerRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/workers/positions',
    {
      config: { roles: ['supervisor', 'manager', 'admin'] },
      schema: {
        tags: ['workers'],
        summary: '在岗网格员的最新位置（范围内）/ last known positions of on-duty workers in scope',
        querystring: Type.Object({
          bbox: Type.Optional(BBoxParam),
          grid: Type.Optional(Id({ description: '只看此网格（含下级）/ only this grid’s subtree' })),
          near: Type.Optional(PointParam),
          limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(WorkerPosition) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'supervisor', 'manager', 'admin')
      const { bbox, grid, near, limit } = request.query
      const items = await positionsWithin(fastify.kysely, scopeOf(user), {
        bbox: bbox === undefined ? undefined : parseBBox(bbox), gridId: grid, near: near === undefined ? undefined : parsePoint(near), limit,
      })
      return { items }
    },
  )
}

function parsePoint(text: string): { lng: number; lat: number } {
  const [lng, lat] = text.split(',').map(Number) as [number, number]
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new AppError(400, 'VALIDATION_FAILED', 'near 无效：应为 lng,lat / invalid near', [{ field: 'querystring.near', message: 'expected lng,lat within WGS-84' }])
  }
  return { lng, lat }
}

export default workerRoutes

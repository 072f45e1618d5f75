import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppError } from '../../../errors.ts'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { scopeOf } from '../../../plugins/app/accounts/grid-scope.ts'
import { errorResponses, WorkerPositions, WorkerPositionsQuery } from '@wangge/contract'
import { parseBBox } from '../bbox.ts'

/** Where the on-duty grid workers are, for the supervisors' live map and the dispatch dialog's suggestions. */
const workerRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/workers/positions',
    {
      config: { roles: ['supervisor', 'manager', 'admin'] },
      schema: {
        tags: ['workers'],
        summary: '在岗网格员的最新位置（范围内）/ last known positions of on-duty workers in scope',
        querystring: WorkerPositionsQuery,
        response: { 200: WorkerPositions, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'supervisor', 'manager', 'admin')
      const { bbox, grid, near, limit } = request.query
      const items = await fastify.workerPositionsRepository.within(scopeOf(user), {
        bbox: bbox === undefined ? undefined : parseBBox(bbox),
        gridId: grid,
        near: near === undefined ? undefined : parsePoint(near),
        limit,
      })
      return { items }
    },
  )
}

function parsePoint(text: string): { lng: number; lat: number } {
  const [lng, lat] = text.split(',').map(Number) as [number, number]
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new AppError(400, 'VALIDATION_FAILED', 'near 无效：应为 lng,lat / invalid near', [
      { field: 'querystring.near', message: 'expected lng,lat within WGS-84' },
    ])
  }
  return { lng, lat }
}

export default workerRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { errorResponses, GridTileBody, GridTileParams } from '@wangge/contract'
import { AppError } from '../../../errors.ts'
import { isTileAddress } from '../../../plugins/app/grids/tile-address.ts'

/**
 * The grid layer as Mapbox vector tiles: what the map draws at any scale, where the GeoJSON layer (index.ts) would
 * send every cell of a large view as text. Every signed-in user gets the same tiles, as with the GeoJSON layer: the
 * scope highlight is the web's, from /api/auth/scope. The ETag is the grid tree version, so a browser revalidates
 * a tile with one small request and gets new bytes only after an import.
 */
const gridTileRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/grids/tiles/:z/:x/:y.mvt',
    {
      schema: {
        tags: ['grids'],
        summary: '网格矢量切片 / grid vector tile (MVT)',
        params: GridTileParams,
        response: {
          200: GridTileBody,
          304: Type.Null({ description: '自上次以来未变 / unchanged since If-None-Match' }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request, reply) => {
      const tile = request.params
      if (!isTileAddress(tile)) {
        throw new AppError(400, 'VALIDATION_FAILED', '切片编号超出该缩放级别 / tile x or y out of range for z', [
          { field: 'params', message: 'x and y must be below 2^z' },
        ])
      }
      const { version, body } = await fastify.gridTilesService.tile(tile)
      const etag = `"grids-${version}"`
      reply.header('etag', etag).header('cache-control', 'private, no-cache')
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null)
      return reply.type('application/vnd.mapbox-vector-tile').send(body)
    },
  )
}

export default gridTileRoutes

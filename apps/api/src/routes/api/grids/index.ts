import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { GridLevel } from '@wangge/grid'
import { NotFoundError, OutsideManagedAreaError } from '../../../errors.ts'
import { parseBBox } from '../bbox.ts'
import {
  errorResponses,
  GridChain,
  GridDetail,
  GridFeatureCollection,
  GridIdParams,
  GridLayer,
  GridImportCollection,
  GridLayerQuery,
  ImportQuery,
  ImportResult,
  LocateQuery,
  PrebuiltJson,
} from '@wangge/contract'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import gridTileRoutes from './tiles.ts'

const gridRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(gridTileRoutes)

  fastify.get(
    '/api/grids',
    {
      schema: {
        tags: ['grids'],
        summary: '视窗内的网格图层 / grid layer for a viewport',
        querystring: GridLayerQuery,
        response: { 200: PrebuiltJson(GridLayer), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { level, parent, bbox, zoom } = request.query
      const collection = await fastify.gridsRepository.layer({
        level: level as GridLevel,
        parentId: parent,
        bbox: bbox === undefined ? undefined : parseBBox(bbox),
        zoom,
      })
      // Already GeoJSON text from PostGIS: sent as is rather than parsed and serialised again.
      return reply
        .type('application/geo+json; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(collection)
    },
  )

  fastify.get(
    '/api/grids/locate',
    {
      schema: {
        tags: ['grids'],
        summary: '坐标所在的三级网格链 / the grid chain at a point',
        querystring: LocateQuery,
        response: { 200: GridChain, ...errorResponses(400, 422) },
      },
    },
    async (request) => {
      const { lng, lat } = request.query
      const chain = await fastify.gridsRepository.chainAt(lng, lat)
      if (!chain) throw new OutsideManagedAreaError(lng, lat)
      return { chain }
    },
  )

  fastify.get(
    '/api/grids/export',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['grids'],
        summary: '导出网格树 / export the grid tree',
        response: { 200: GridFeatureCollection, ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin')
      const tree = await fastify.gridsRepository.exportTree()
      return reply.header('content-disposition', 'attachment; filename="grids.geojson"').send(tree)
    },
  )

  fastify.post(
    '/api/grids/import',
    {
      config: { roles: ['admin'] },
      // A whole street's tree; read only once the caller is known to be an admin (authentication.ts, onRequest).
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['grids'],
        summary: '导入并替换网格树（全部成功或全部不变）/ replace the grid tree, all or nothing',
        querystring: ImportQuery,
        body: GridImportCollection,
        response: { 200: ImportResult, ...errorResponses(400, 401, 403, 409, 413, 422) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      return fastify.gridImportService.replaceTree(request.body, actorOf(request), request.query)
    },
  )

  fastify.get(
    '/api/grids/:id',
    {
      schema: {
        tags: ['grids'],
        summary: '网格详情与上级链 / a grid with its ancestor chain',
        params: GridIdParams,
        response: { 200: GridDetail, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const grid = await fastify.gridsRepository.findById(request.params.id)
      if (!grid) throw new NotFoundError('网格 grid')
      return grid
    },
  )
}

export default gridRoutes

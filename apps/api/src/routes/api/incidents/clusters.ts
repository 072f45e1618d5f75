import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  errorResponses,
  IncidentClusterQuery,
  IncidentClusters,
  IncidentGridLoadQuery,
  IncidentGridLoads,
} from '@wangge/contract'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { filtersOf } from './incident-filters.ts'

/**
 * The map's incidents counted by the server, for views with more cases than points can show: per cell of the zoom
 * (the markers), and the open ones per grid of the level drawn (the grids' tint).
 */
const incidentClusterRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/incidents/clusters',
    {
      schema: {
        tags: ['incidents'],
        summary: '地图上的事件聚合 / incidents clustered for the map',
        querystring: IncidentClusterQuery,
        response: { 200: IncidentClusters, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { zoom, ...query } = request.query
      const user = requireUser(request)
      return fastify.incidentClusters(user, filtersOf(query, user), zoom)
    },
  )

  fastify.get(
    '/api/incidents/grid-loads',
    {
      schema: {
        tags: ['incidents'],
        summary: '视野内各网格的未办结事件数 / open cases in view per grid of a level',
        querystring: IncidentGridLoadQuery,
        response: { 200: IncidentGridLoads, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { level, ...query } = request.query
      const user = requireUser(request)
      return fastify.incidentGridLoads(user, filtersOf(query, user), level as 1 | 2 | 3)
    },
  )
}

export default incidentClusterRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IncidentClusterQuery, IncidentClusters } from '@wangge/contract'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { filtersOf } from './incident-filters.ts'

/** The map's incidents counted per cell of the zoom, for views with more cases than points can show. */
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
}

export default incidentClusterRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NotFoundError } from '../../../errors.ts'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { findIncidentDetail } from '../../../plugins/app/incidents/incident-detail.ts'
import { reportIncident } from '../../../plugins/app/incidents/report-incident.ts'
import { errorResponses } from '../error-schema.ts'
import { readReportForm } from './report-form.ts'
import { IncidentDetail, IncidentIdParams } from './schemas.ts'

const incidentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/api/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: '上报事件（multipart：字段 + 最多 6 张照片）/ report an incident (multipart: fields + up to 6 photos)',
        consumes: ['multipart/form-data'],
        response: { 200: IncidentDetail, 201: IncidentDetail, ...errorResponses(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const reporter = requireRole(request, 'worker', 'supervisor')
      const { fields, photos } = await readReportForm(request)
      const { id, created } = await reportIncident(
        { db: fastify.kysely, grids: fastify.gridsRepository, photos: fastify.photoStorage },
        reporter,
        {
          clientId: fields.clientId, categoryCode: fields.categoryCode, description: fields.description, lng: fields.lng, lat: fields.lat,
          accuracyM: fields.accuracy ?? null, address: fields.address ?? null, selfHandled: fields.selfHandled ?? false,
        },
        photos,
      )
      const detail = await findIncidentDetail(fastify.kysely, null, id)
      return reply.code(created ? 201 : 200).send(detail!)
    },
  )

  fastify.get(
    '/api/incidents/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: '事件详情、照片与流转记录 / an incident with its photos and history',
        params: IncidentIdParams,
        response: { 200: IncidentDetail, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const detail = await findIncidentDetail(fastify.kysely, requireUser(request), request.params.id)
      if (!detail) throw new NotFoundError('事件 incident')
      return detail
    },
  )
}

export default incidentRoutes

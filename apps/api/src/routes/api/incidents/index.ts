import { accuracyMetres } from '../../../db/accuracy-metres.ts'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import {
  errorResponses,
  IncidentDetail,
  IncidentExportQuery,
  IncidentIdParams,
  IncidentListQuery,
  IncidentPage,
  IncidentPointsQuery,
  IncidentQueueCounts,
  IncidentQueueCountsQuery,
  IncidentPointCollection,
  PrebuiltJson,
} from '@wangge/contract'
import { readReportForm } from './report-form.ts'
import { filtersOf } from './incident-filters.ts'
import incidentClusterRoutes from './clusters.ts'
import { readActionForm } from './action-form.ts'
import { INCIDENT_ACTIONS, type IncidentAction } from '@wangge/workflow'
import { Type } from '@sinclair/typebox'

/** Who may export the case list: the desk's readers (supervisors, street-wide roles). */
const EXPORTERS = ['supervisor', 'manager', 'admin'] as const

const incidentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(incidentClusterRoutes)

  fastify.post(
    '/api/incidents',
    {
      config: { roles: ['worker', 'supervisor'] },
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
      const { created, detail } = await fastify.incidentsService.report(
        reporter,
        {
          clientId: fields.clientId,
          categoryCode: fields.categoryCode,
          description: fields.description,
          lng: fields.lng,
          lat: fields.lat,
          accuracyM: accuracyMetres(fields.accuracy),
          address: fields.address ?? null,
          selfHandled: fields.selfHandled ?? false,
        },
        photos,
      )
      return reply.code(created ? 201 : 200).send(detail)
    },
  )

  fastify.get(
    '/api/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: '事件列表（筛选、分页）/ incidents, filtered and paginated, newest first',
        querystring: IncidentListQuery,
        response: { 200: IncidentPage, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { cursor, limit, sort, ...query } = request.query
      const user = requireUser(request)
      return fastify.incidentsRepository.list(user, filtersOf(query, user), { cursor, limit, sort })
    },
  )

  fastify.get(
    '/api/incidents/queues',
    {
      schema: {
        tags: ['incidents'],
        summary: "案件台各队列的数量（待登记、待派遣、待核查、即将到期、已超期、返工中）/ the case desk's queue counts",
        querystring: IncidentQueueCountsQuery,
        response: { 200: IncidentQueueCounts, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const user = requireUser(request)
      return fastify.incidentsRepository.queueCounts(user, filtersOf(request.query, user))
    },
  )

  fastify.get(
    '/api/incidents/export',
    {
      config: { roles: EXPORTERS },
      schema: {
        tags: ['incidents'],
        summary:
          '导出筛选后的案件列表（XLSX 或 CSV，中文表头，最多 10000 条）/ export the filtered case list (XLSX or CSV, at most 10,000 rows)',
        querystring: IncidentExportQuery,
        response: {
          200: Type.Unknown({ description: 'XLSX 或带 BOM 的 UTF-8 CSV / XLSX, or UTF-8 CSV with a BOM' }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...EXPORTERS)
      const { format, sort, ...query } = request.query
      const file = fastify.incidentsRepository.exportFile(user, filtersOf(query, user), format, sort)
      // An export changes nothing, so its row stands alone: who took which cases out, and from where.
      await fastify.auditRepository.write(actorOf(request), {
        action: 'incidents.export',
        entity: 'export',
        entityId: null,
        after: request.query,
      })
      return reply
        .type(file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .header('cache-control', 'no-store')
        .send(file.body)
    },
  )

  fastify.get(
    '/api/incidents/geojson',
    {
      schema: {
        tags: ['incidents'],
        summary: '地图上的事件点 / incident points for the map',
        querystring: IncidentPointsQuery,
        response: { 200: PrebuiltJson(IncidentPointCollection), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const { limit, ...query } = request.query
      const user = requireUser(request)
      const collection = await fastify.incidentsRepository.points(user, filtersOf(query, user), limit)
      return reply
        .type('application/geo+json; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(collection)
    },
  )

  fastify.post(
    '/api/incidents/:id/:action',
    {
      schema: {
        tags: ['incidents'],
        summary: '流转：登记、驳回、派遣、接收、退回、反馈、核查、延期 / a workflow step',
        description:
          'JSON body, or multipart for feedback with after-photos. register {note?} · reject {reason} · dispatch {userId?, departmentId?, note?} · ' +
          'accept {note?} · return {reason} · feedback {note, photos?} · verify {passed, note?} · extend {dueAt, reason}. 409 ILLEGAL_TRANSITION when ' +
          'the step is not allowed in the current state. 204 when the step took the case out of what the caller may read (a handler who returned it).',
        params: Type.Object({
          id: IncidentIdParams.properties.id,
          action: Type.Union(INCIDENT_ACTIONS.map((a) => Type.Literal(a))),
        }),
        response: { 200: IncidentDetail, 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request)
      const { id, action } = request.params
      const { input, photos } = await readActionForm(request, action as IncidentAction)
      // Read back as the caller may read it: a handler who returned a case may no longer, and gets no record.
      const detail = await fastify.incidentsService.act(user, id, action as IncidentAction, input, photos, request.ip)
      return detail ?? reply.code(204).send(null)
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
    async (request) => fastify.incidentsService.detail(requireUser(request), request.params.id),
  )
}

export default incidentRoutes

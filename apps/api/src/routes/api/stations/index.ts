import { accuracyMetres } from '../../../db/accuracy-metres.ts'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import {
  PhotoBody,
  PhotoParams,
  PhotoQuery,
  ComplianceQuery,
  ComplianceReport,
  errorResponses,
  ExportQuery,
  StationBody,
  StationChanges,
  StationDetail,
  StationIdParams,
  StationListQuery,
  StationPage,
} from '@wangge/contract'
import { sendPhoto } from '../photos/photo-reply.ts'
import { readAuditForm } from './audit-form.ts'

/** Who reads stations: managers and admins all of them, supervisors those in their scope. Workers and handlers: 403. */
const READERS = ['supervisor', 'manager', 'admin'] as const
/** Who audits and keeps the station records: the street's managers (and admins). */
const AUDITORS = ['manager', 'admin'] as const

const stationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { stationsRepository: stations, stationsService: service } = fastify

  fastify.get(
    '/api/stations',
    {
      config: { roles: READERS },
      schema: {
        tags: ['stations'],
        summary:
          '服务站点及其六有合规情况（筛选、分页）/ stations with their six-haves compliance, filtered and paginated',
        querystring: StationListQuery,
        response: { 200: StationPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...READERS)
      const { cursor, limit, compliance, due, type, grid, active } = request.query
      const items = await stations.list(
        user,
        { compliance, due, type, gridId: grid, active },
        { afterId: cursor === undefined ? undefined : Number(cursor), limit },
      )
      return { items, nextCursor: items.length === limit ? String(items.at(-1)!.id) : null }
    },
  )

  fastify.get(
    '/api/stations/compliance',
    {
      config: { roles: READERS },
      schema: {
        tags: ['stations'],
        summary: '按社区或片区汇总六有合规 / six-haves compliance rolled up per community or area',
        querystring: ComplianceQuery,
        response: { 200: ComplianceReport, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      return service.compliance(requireRole(request, ...READERS), request.query.level)
    },
  )

  fastify.get(
    '/api/stations/export',
    {
      config: { roles: READERS },
      schema: {
        tags: ['stations'],
        summary:
          '导出站点合规、汇总与检查记录（XLSX 或 CSV，中文表头）/ export compliance and audit history (XLSX or CSV)',
        querystring: ExportQuery,
        response: {
          200: Type.Unknown({ description: 'XLSX 或带 BOM 的 UTF-8 CSV / XLSX, or UTF-8 CSV with a BOM' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...READERS)
      const file = await service.export(user, request.query)
      // An export changes nothing, so its row stands alone: who took which records out, and from where.
      await fastify.auditRepository.write(actorOf(request), {
        action: 'stations.export',
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
        .send(file.bytes)
    },
  )

  fastify.get(
    '/api/stations/photos/:sha256',
    {
      config: { roles: READERS },
      schema: {
        tags: ['stations'],
        summary: '检查照片（仅限可见站点）/ an audit photo of a station you may see',
        params: PhotoParams,
        querystring: PhotoQuery,
        response: { 200: PhotoBody, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...READERS)
      // A photo is visible through an audit of a station the user may read; otherwise it does not exist for them.
      const visible = await stations.photoVisibleTo(user, request.params.sha256)
      return sendPhoto(fastify, reply, visible, request.params, request.query)
    },
  )

  fastify.get(
    '/api/stations/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: ['stations'],
        summary: '站点详情、检查记录与整改任务 / a station with its audits and rectification tasks',
        params: StationIdParams,
        response: { 200: StationDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.detail(requireRole(request, ...READERS), request.params.id),
  )

  fastify.post(
    '/api/stations',
    {
      config: { roles: AUDITORS },
      schema: {
        tags: ['stations'],
        summary: '新建站点（位置须在所属网格内）/ create a station (its point must lie inside its grid)',
        body: StationBody,
        response: { 201: StationDetail, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...AUDITORS)
      const id = await stations.create(request.body, actorOf(request))
      return reply.code(201).send(await service.detail(user, id))
    },
  )

  fastify.patch(
    '/api/stations/:id',
    {
      config: { roles: AUDITORS },
      schema: {
        tags: ['stations'],
        summary: '修改站点（含启用/停用）/ change a station (or deactivate it)',
        params: StationIdParams,
        body: StationChanges,
        response: { 200: StationDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...AUDITORS)
      await stations.update(request.params.id, request.body, actorOf(request))
      return service.detail(user, request.params.id)
    },
  )

  fastify.post(
    '/api/stations/:id/audits',
    {
      config: { roles: AUDITORS },
      schema: {
        tags: ['stations'],
        summary: '提交六有检查（multipart：字段、items JSON、photos.<检查项> 照片）/ submit a six-haves audit',
        description:
          'multipart/form-data: clientId (UUID), lng, lat, accuracy?, note?, items = JSON [{code, passed, deduction, note?, rectifyBy?}] with each of ' +
          'funding, venue, rules, staffing, signage, commitment exactly once, and up to 6 files named photos.<code>. 201 for a new audit, 200 with ' +
          'the first for a retried clientId. An audit taken more than 300 m from the station is marked offSite. Audits cannot be changed.',
        params: StationIdParams,
        consumes: ['multipart/form-data'],
        response: { 200: StationDetail, 201: StationDetail, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...AUDITORS)
      const form = await readAuditForm(request)
      const { created } = await service.submitAudit(user, actorOf(request), request.params.id, {
        clientId: form.fields.clientId,
        lng: form.fields.lng,
        lat: form.fields.lat,
        accuracyM: accuracyMetres(form.fields.accuracy),
        note: form.fields.note?.trim() || null,
        items: form.items,
        photos: form.photos,
      })
      return reply.code(created ? 201 : 200).send(await service.detail(user, request.params.id))
    },
  )
}

export default stationRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from '@sinclair/typebox'
import { REGISTRY_KEEPERS, REGISTRY_READERS } from '@wangge/accounts'
import {
  BuildingLayer,
  errorResponses,
  GridRegistry,
  HouseDetail,
  ImportReport,
  OrganisationLayer,
  PhotoBody,
  PhotoParams,
  PhotoQuery,
  RegisterParams,
  RegistryExportQuery,
  RegistryGridParams,
  RegistryIdParams,
  RegistryIndicators,
  RegistryLayerQuery,
  RegistryRevealBody,
  ResidentPage,
  ResidentSearchQuery,
  RevealedResident,
  VisitRow,
} from '@wangge/contract'
import { NotFoundError } from '../../../errors.ts'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { parseBBox } from '../bbox.ts'
import { sendPhoto } from '../photos/photo-reply.ts'
import { readSheetUpload, readVisitForm } from './visit-form.ts'

const VISITORS = ['worker', 'supervisor'] as const
/** A map layer never returns more than this; the page asks again for a smaller box when `truncated`. */
const LAYER_LIMIT = 2000
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function sendXlsx(reply: FastifyReply, file: { bytes: Buffer; name: string; asciiName: string }) {
  return reply
    .type(XLSX)
    .header(
      'content-disposition',
      `attachment; filename="${file.asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .header('cache-control', 'no-store')
    .send(file.bytes)
}

/** The registry (一标三实): every read is filtered by the caller's scope; a record outside it is 404. */
const registryRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { registryRepository: registry, registryService: service } = fastify

  fastify.get(
    '/api/registry/residents',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary:
          '实有人口查询（姓名、证件号、手机号、地址、标签；号码脱敏）/ residents by name, number, address or tag, masked',
        querystring: ResidentSearchQuery,
        response: { 200: ResidentPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...REGISTRY_READERS)
      const items = await service.searchResidents(user, request.query)
      return { items, nextCursor: items.length === request.query.limit ? String(items.at(-1)!.id) : null }
    },
  )

  fastify.get(
    '/api/registry/grids/:gridId',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary: '单元网格的楼栋、房屋、人口和单位 / a unit grid’s buildings, houses, residents and organisations',
        params: RegistryGridParams,
        response: { 200: GridRegistry, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await registry.gridRegistry(requireRole(request, ...REGISTRY_READERS), request.params.gridId)
      if (!found) throw new NotFoundError('网格 grid')
      return found
    },
  )

  fastify.get(
    '/api/registry/houses/:id',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary: '房屋及其住户和走访记录 / a house with its residents and visits',
        params: RegistryIdParams,
        response: { 200: HouseDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await registry.houseDetail(requireRole(request, ...REGISTRY_READERS), request.params.id)
      if (!found) throw new NotFoundError('房屋 house')
      return found
    },
  )

  fastify.post(
    '/api/registry/residents/:id/reveal',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary: '查看完整证件号和电话（须填写原因，记入审计）/ reveal the whole numbers, for an audited reason',
        params: RegistryIdParams,
        body: RegistryRevealBody,
        response: { 200: RevealedResident, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...REGISTRY_READERS)
      return service.reveal(user, request.params.id, request.body.reason, actorOf(request))
    },
  )

  fastify.get(
    '/api/registry/buildings',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary: '地图楼栋图层 / buildings in a viewport',
        querystring: RegistryLayerQuery,
        response: { 200: BuildingLayer, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...REGISTRY_READERS)
      const items = await registry.buildingsIn(user, parseBBox(request.query.bbox), LAYER_LIMIT + 1)
      return { items: items.slice(0, LAYER_LIMIT), truncated: items.length > LAYER_LIMIT }
    },
  )

  fastify.get(
    '/api/registry/organisations',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary: '地图单位图层（可按类型）/ organisations in a viewport, by kind',
        querystring: RegistryLayerQuery,
        response: { 200: OrganisationLayer, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...REGISTRY_READERS)
      const box = parseBBox(request.query.bbox)
      const items = await registry.organisationsIn(user, box, request.query.kind, LAYER_LIMIT + 1)
      return { items: items.slice(0, LAYER_LIMIT), truncated: items.length > LAYER_LIMIT }
    },
  )

  fastify.post(
    '/api/registry/visits',
    {
      config: { roles: VISITORS },
      schema: {
        tags: ['registry'],
        summary:
          '走访记录（multipart：字段 + 最多 6 张照片；clientId 幂等）/ record a visit (multipart; idempotent by clientId)',
        consumes: ['multipart/form-data'],
        response: { 200: VisitRow, 201: VisitRow, ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const worker = requireRole(request, ...VISITORS)
      const { fields, photos } = await readVisitForm(request)
      const { created, visit } = await service.recordVisit(worker, fields, photos)
      return reply.code(created ? 201 : 200).send(visit)
    },
  )

  fastify.get(
    '/api/registry/indicators',
    {
      config: { roles: REGISTRY_KEEPERS },
      schema: {
        tags: ['registry'],
        summary: '各社区人口、户数、标签、单位及“5+2”规则，本季度走访覆盖 / per-community figures and visit coverage',
        response: { 200: RegistryIndicators, ...errorResponses(401, 403) },
      },
    },
    async (request) => registry.indicators(requireRole(request, ...REGISTRY_KEEPERS)),
  )

  fastify.get(
    '/api/registry/templates/:register',
    {
      config: { roles: REGISTRY_KEEPERS },
      schema: {
        tags: ['registry'],
        summary: '导入模板（XLSX）/ the import template of a register',
        params: RegisterParams,
        response: { 200: Type.Unknown({ description: 'XLSX' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      requireRole(request, ...REGISTRY_KEEPERS)
      return sendXlsx(reply, await service.template(request.params.register))
    },
  )

  fastify.post(
    '/api/registry/import/:register',
    {
      config: { roles: REGISTRY_KEEPERS },
      schema: {
        tags: ['registry'],
        summary: '导入登记表（逐行报告：新增、更新、未变、拒绝及原因）/ import a register sheet, row by row',
        consumes: ['multipart/form-data'],
        params: RegisterParams,
        response: { 200: ImportReport, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...REGISTRY_KEEPERS)
      const bytes = await readSheetUpload(request)
      return service.importSheet(user, request.params.register, bytes, actorOf(request))
    },
  )

  fastify.get(
    '/api/registry/export/:register',
    {
      config: { roles: REGISTRY_KEEPERS },
      schema: {
        tags: ['registry'],
        summary: '导出登记表（须填写原因，记入审计；号码脱敏）/ export a register for an audited reason (masked)',
        params: RegisterParams,
        querystring: RegistryExportQuery,
        response: { 200: Type.Unknown({ description: 'XLSX' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...REGISTRY_KEEPERS)
      return sendXlsx(
        reply,
        await service.exportRegister(user, request.params.register, request.query, actorOf(request)),
      )
    },
  )

  fastify.get(
    '/api/registry/photos/:sha256',
    {
      config: { roles: REGISTRY_READERS },
      schema: {
        tags: ['registry'],
        summary: '走访照片（仅限可见走访）/ a visit photo you may see',
        params: PhotoParams,
        querystring: PhotoQuery,
        response: { 200: PhotoBody, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ...REGISTRY_READERS)
      const visible = await registry.photoVisibleTo(user, request.params.sha256)
      return sendPhoto(fastify, reply, visible, request.params, request.query)
    },
  )
}

export default registryRoutes

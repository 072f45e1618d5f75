import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  errorResponses,
  HotlineByIncidentParams,
  HotlineFeed,
  HotlineFeedQuery,
  HotlineImportReport,
  HotlineIndicatorQuery,
  HotlineIndicators,
  HotlineIntakeReply,
  HotlineListQuery,
  HotlineOrderDetail,
  HotlineOrderInput,
  HotlineOrderPage,
  HotlineOrderParams,
  HotlineReplyBody,
  HotlineReturnBody,
  HotlineRevisitBody,
  type HotlineStatus,
} from '@wangge/contract'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { orderOf } from '../../../plugins/app/hotline/order-view.ts'
import { readSheetUpload } from './sheet-form.ts'
import { cityOrDesk, KEY_HEADER, recordKeyUse } from './city-system.ts'

/**
 * Who takes work orders in and answers the city: the command centre (supervisors, in their scope) and admins. The
 * city's system signs in as such an account until it has an integration key of its own.
 */
const DESK = ['supervisor', 'admin'] as const
const READERS = ['supervisor', 'manager', 'admin'] as const
const TAG = { tags: ['hotline'] }

const hotlineRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { hotlineService: service, hotlineRepository: repository } = fastify
  fastify.decorateRequest('hotlineKey', null)

  fastify.post(
    '/api/hotline/orders',
    {
      // Public to the session check: cityOrDesk admits the desk's roles or the city's integration key.
      config: { public: true },
      onRequest: cityOrDesk(fastify, DESK, 'hotline.orders.post'),
      schema: {
        ...TAG,
        summary: '受理 12345 工单（同一工单号只立一案）/ take a 12345 work order in (one case per number)',
        description:
          '201 with the new order; 200 with the order already received under this 工单号. 422 OUTSIDE_MANAGED_AREA ' +
          `when the point is in no grid of the street. A supervisor's or admin's session, or the city's integration key in ${KEY_HEADER}.`,
        body: HotlineOrderInput,
        response: { 200: HotlineIntakeReply, 201: HotlineIntakeReply, ...errorResponses(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const result = await service.receive(requireUser(request), request.body, actorOf(request))
      await recordKeyUse(fastify, request, 'hotline.orders.post')
      return reply.code(result.created ? 201 : 200).send(result)
    },
  )

  fastify.post(
    '/api/hotline/orders/import',
    {
      config: { roles: DESK },
      schema: {
        ...TAG,
        summary: '批量导入工单表（XLSX），逐行报告 / import an XLSX sheet of orders, row by row',
        description: 'multipart/form-data with one file field `file`. Good rows are taken, each refused row named.',
        consumes: ['multipart/form-data'],
        response: { 200: HotlineImportReport, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...DESK)
      return service.importSheet(user, await readSheetUpload(request), actorOf(request))
    },
  )

  fastify.get(
    '/api/hotline/orders',
    {
      config: { roles: READERS },
      schema: {
        ...TAG,
        summary: '12345 工单列表（来电人已脱敏）/ work orders, callers masked',
        querystring: HotlineListQuery,
        response: { 200: HotlineOrderPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...READERS)
      const { status, cursor, limit } = request.query
      const rows = await repository.list(
        user,
        { status: status as HotlineStatus | undefined },
        { afterId: cursor, limit },
      )
      return {
        items: rows.map((row) => orderOf(row)),
        nextCursor: rows.length === limit ? rows.at(-1)!.id : null,
      }
    },
  )

  fastify.get(
    '/api/hotline/orders/:id',
    {
      config: { roles: READERS },
      schema: {
        ...TAG,
        summary: '一张工单及其回复、回访 / one order with its replies and revisits',
        params: HotlineOrderParams,
        response: { 200: HotlineOrderDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.detail(requireRole(request, ...READERS), { id: request.params.id }),
  )

  fastify.get(
    '/api/hotline/cases/:incidentId',
    {
      schema: {
        ...TAG,
        summary: '案件的 12345 工单信息（案件页）/ the hotline order of a case, for its case page',
        description:
          'The caller whole for supervisors and admins, masked for everyone else. 404 for a case not from the hotline.',
        params: HotlineByIncidentParams,
        response: { 200: HotlineOrderDetail, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.detail(requireUser(request), { incidentId: request.params.incidentId }),
  )

  const steps = [
    { path: 'sign', summary: '签收 / sign for the order', body: Type.Object({}, { additionalProperties: false }) },
    { path: 'reply', summary: '回单（办理结果）/ answer with the handling result', body: HotlineReplyBody },
    { path: 'return', summary: '退单（须写明理由）/ return the order, with a reason', body: HotlineReturnBody },
    {
      path: 'revisit',
      summary: '回访结果；不满意则案件返工 / the revisit result; dissatisfied sends the case back to rework',
      body: HotlineRevisitBody,
    },
  ] as const
  for (const step of steps) {
    fastify.post(
      `/api/hotline/orders/:id/${step.path}`,
      {
        config: { roles: DESK },
        schema: {
          ...TAG,
          summary: step.summary,
          description: '409 HOTLINE_STEP_REFUSED when the order (or its case) is not where this step may be taken.',
          params: HotlineOrderParams,
          body: step.body,
          response: { 200: HotlineOrderDetail, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const user = requireRole(request, ...DESK)
        const body = (request.body ?? {}) as Record<string, unknown>
        const input =
          step.path === 'sign'
            ? { step: 'sign' as const }
            : step.path === 'reply'
              ? { step: 'reply' as const, result: String(body.result) }
              : step.path === 'return'
                ? { step: 'return' as const, reason: String(body.reason) }
                : {
                    step: 'revisit' as const,
                    ...(body as { result: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; note?: string }),
                  }
        return service.step(user, request.params.id, input, actorOf(request))
      },
    )
  }

  fastify.get(
    '/api/hotline/replies',
    {
      config: { public: true },
      onRequest: cityOrDesk(fastify, DESK, 'hotline.replies.get'),
      schema: {
        ...TAG,
        summary:
          '街道对 12345 的回复（签收、回单、退单），按游标读取 / the street’s replies to the city, past a cursor',
        querystring: HotlineFeedQuery,
        response: { 200: HotlineFeed, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { after, limit } = request.query
      const items = await repository.feed(requireUser(request), after, limit)
      await recordKeyUse(fastify, request, 'hotline.replies.get')
      return { items, cursor: items.at(-1)?.seq ?? after ?? null }
    },
  )

  fastify.get(
    '/api/stats/hotline',
    {
      config: { roles: READERS },
      schema: {
        ...TAG,
        summary: '12345 指标：签收及时率、按期办结率、满意率、重办率 / the hotline indicators',
        querystring: HotlineIndicatorQuery,
        response: { 200: HotlineIndicators, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, ...READERS)
      return service.indicators(user, { from: new Date(request.query.from), to: new Date(request.query.to) })
    },
  )
}

export default hotlineRoutes

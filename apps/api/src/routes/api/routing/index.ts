import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  errorResponses,
  RoutingPreview,
  RoutingPreviewQuery,
  RoutingRule,
  RoutingRuleBody,
  RoutingRuleParams,
  RuleReviewItem,
} from '@wangge/contract'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { NotFoundError } from '../../../errors.ts'

/** Routing rules (admins): sub-category × grid subtree → department or the grid's worker; preview; rules to review. */
const routingRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['routing']
  fastify.get(
    '/api/routing/rules',
    {
      config: { roles: ['admin', 'supervisor', 'manager'] },
      schema: {
        tags,
        summary: '分拨规则 / routing rules',
        response: { 200: Type.Array(RoutingRule), ...errorResponses(401, 403) },
      },
    },
    async () => fastify.routingRepository.list(),
  )

  fastify.post(
    '/api/routing/rules',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: '新建分拨规则（管理员）/ add a rule (admins)',
        body: RoutingRuleBody,
        response: { 201: RoutingRule, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin')
      const rule = await fastify.routingService.save(null, request.body, { ...actorOf(request), id: admin.id })
      return reply.code(201).send(rule)
    },
  )

  fastify.put(
    '/api/routing/rules/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: '修改分拨规则（管理员）/ change a rule (admins)',
        params: RoutingRuleParams,
        body: RoutingRuleBody,
        response: { 200: RoutingRule, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const admin = requireRole(request, 'admin')
      return fastify.routingService.save(request.params.id, request.body, { ...actorOf(request), id: admin.id })
    },
  )

  fastify.delete(
    '/api/routing/rules/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: '删除分拨规则（管理员）/ delete a rule (admins)',
        params: RoutingRuleParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin')
      await fastify.routingService.remove(request.params.id, actorOf(request))
      return reply.code(204).send(null)
    },
  )

  fastify.get(
    '/api/routing/preview',
    {
      config: { roles: ['admin', 'supervisor', 'manager'] },
      schema: {
        tags,
        summary: '规则预览：类别 + 位置命中哪条规则 / which rule a category at a point meets',
        querystring: RoutingPreviewQuery,
        response: { 200: RoutingPreview, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const { categoryCode, lng, lat } = request.query
      return fastify.routingService.preview(categoryCode, lng, lat)
    },
  )

  fastify.get(
    '/api/routing/review',
    {
      config: { roles: ['admin', 'manager'] },
      schema: {
        tags,
        summary: '待复核规则：部门以"非本单位职责"退回的案卷 / rules to review: cases departments returned',
        querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) }),
        response: { 200: Type.Array(RuleReviewItem), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => fastify.routingRepository.rulesToReview(request.query.days ?? 90),
  )

  fastify.get(
    '/api/routing/rules/:id',
    {
      config: { roles: ['admin', 'supervisor', 'manager'] },
      schema: {
        tags,
        summary: '一条分拨规则 / one rule',
        params: RoutingRuleParams,
        response: { 200: RoutingRule, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const rule = await fastify.routingRepository.rule(request.params.id)
      if (!rule) throw new NotFoundError('分拨规则 routing rule')
      return rule
    },
  )
}

export default routingRoutes

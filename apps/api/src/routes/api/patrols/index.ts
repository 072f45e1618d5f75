import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { scopeOf } from '../../../plugins/app/accounts/grid-scope.ts'
import {
  CurrentPatrol,
  EndPatrolBody,
  errorResponses,
  LivePatrols,
  PatrolDetail,
  PatrolListQuery,
  PatrolPage,
  PatrolParams,
  PatrolPointsBody,
  PatrolPointsReply,
  PatrolSettings,
  PatrolSummary,
  StartPatrolBody,
} from '@wangge/contract'

const DAY_MS = 86_400_000
/** Shanghai midnight starting a 'YYYY-MM-DD' day (the schema has checked the day exists). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`)

/** Patrols (巡查): the worker's phone starts, feeds and ends them; supervisors and managers read tracks in scope. */
const patrolRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/api/patrols',
    {
      config: { roles: ['worker'] },
      schema: {
        tags: ['patrols'],
        summary: '开始巡查（网格员）/ start a patrol',
        body: StartPatrolBody,
        response: { 200: PatrolSummary, 201: PatrolSummary, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'worker')
      const { patrol, created } = await fastify.patrolsService.start(
        user,
        request.body.clientId,
        new Date(request.body.at),
      )
      return reply.code(created ? 201 : 200).send(patrol)
    },
  )

  fastify.get(
    '/api/patrols/current',
    {
      config: { roles: ['worker'] },
      schema: {
        tags: ['patrols'],
        summary: '我进行中的巡查 / my open patrol',
        response: { 200: CurrentPatrol, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'worker')
      const id = await fastify.patrolsRepository.openOf(user.id)
      return { patrol: id === undefined ? null : ((await fastify.patrolsRepository.summary(id)) ?? null) }
    },
  )

  fastify.post(
    '/api/patrols/:id/points',
    {
      config: { roles: ['worker'] },
      schema: {
        tags: ['patrols'],
        summary: '上传巡查轨迹点（按时间顺序，可重发）/ send track points',
        params: PatrolParams,
        body: PatrolPointsBody,
        response: { 200: PatrolPointsReply, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'worker')
      return fastify.patrolsService.recordPoints(user, request.params.id, request.body.points)
    },
  )

  fastify.post(
    '/api/patrols/:id/end',
    {
      config: { roles: ['worker'] },
      schema: {
        tags: ['patrols'],
        summary: '结束巡查 / end a patrol',
        params: PatrolParams,
        body: EndPatrolBody,
        response: { 200: PatrolSummary, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'worker')
      return fastify.patrolsService.end(user, request.params.id, new Date(request.body.at))
    },
  )

  fastify.get(
    '/api/patrols',
    {
      config: { roles: ['worker', 'supervisor', 'manager'] },
      schema: {
        tags: ['patrols'],
        summary: '巡查记录（网格员看自己的）/ patrols in scope, newest first',
        querystring: PatrolListQuery,
        response: { 200: PatrolPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'worker', 'supervisor', 'manager')
      const q = request.query
      return fastify.patrolsRepository.list(scopeOf(user), {
        workerId: user.role === 'worker' ? user.id : q.worker,
        from: q.from === undefined ? undefined : dayStart(q.from),
        to: q.to === undefined ? undefined : new Date(dayStart(q.to).getTime() + DAY_MS),
        cursor: q.cursor,
        limit: q.limit,
      })
    },
  )

  fastify.get(
    '/api/patrols/live',
    {
      config: { roles: ['supervisor', 'manager'] },
      schema: {
        tags: ['patrols'],
        summary: '进行中的巡查及其轨迹 / open patrols with their lines so far',
        response: { 200: LivePatrols, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'supervisor', 'manager')
      return fastify.patrolsService.live(user, actorOf(request))
    },
  )

  fastify.get(
    '/api/patrols/:id',
    {
      config: { roles: ['worker', 'supervisor', 'manager'] },
      schema: {
        tags: ['patrols'],
        summary: '巡查轨迹（读取他人轨迹会记入审计）/ a patrol with its track (reading another’s is audited)',
        params: PatrolParams,
        response: { 200: PatrolDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = requireRole(request, 'worker', 'supervisor', 'manager')
      return fastify.patrolsService.detail(user, request.params.id, actorOf(request))
    },
  )

  fastify.get(
    '/api/patrol-settings',
    {
      config: { roles: ['supervisor', 'manager', 'admin'] },
      schema: {
        tags: ['patrols'],
        summary: '巡查规则与轨迹保留期 / patrol rules and track retention',
        response: { 200: PatrolSettings, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'supervisor', 'manager', 'admin')
      return fastify.patrolsRepository.settings()
    },
  )

  fastify.put(
    '/api/patrol-settings',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['patrols'],
        summary: '设置巡查规则与轨迹保留期（管理员）/ set patrol rules and retention (admins)',
        body: PatrolSettings,
        response: { 200: PatrolSettings, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      return fastify.patrolsService.replaceSettings(request.body, actorOf(request))
    },
  )
}

export default patrolRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  CaseParams,
  errorResponses,
  EscalationLadder,
  EscalationLadderBody,
  Id,
  SupervisedCase,
  SuperviseBody,
  UrgeBody,
} from '@wangge/contract'
import { DEFAULT_LADDER } from '@wangge/sla'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'

/** Ladders (admins), 催办 (supervisors), 督办 (managers) and the pinned list of supervised cases. */
const escalationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['escalation']
  fastify.get(
    '/api/escalation/ladders',
    {
      config: { roles: ['admin', 'supervisor', 'manager'] },
      schema: {
        tags,
        summary: '催办与升级阶梯 / urging and escalation ladders',
        response: {
          200: Type.Object({ default: EscalationLadder, ladders: Type.Array(EscalationLadder) }),
          ...errorResponses(401, 403),
        },
      },
    },
    async () => {
      const ladders = await fastify.escalationRepository.ladders()
      const street = ladders.find((l) => l.category === null)
      return {
        default: street ?? { category: null, steps: DEFAULT_LADDER.map((s) => ({ ...s, notify: [...s.notify] })) },
        ladders: ladders.filter((l) => l.category !== null),
      }
    },
  )

  fastify.put(
    '/api/escalation/ladders',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: '设置阶梯（管理员；categoryId 为空即街道默认）/ set a ladder (admins)',
        body: EscalationLadderBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin')
      await fastify.escalationService.saveLadder(request.body, { ...actorOf(request), id: admin.id })
      return reply.code(204).send(null)
    },
  )

  fastify.delete(
    '/api/escalation/ladders/:categoryId',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: '删除小类阶梯（恢复街道默认）/ drop a sub-category ladder (admins)',
        params: Type.Object({ categoryId: Id() }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin')
      await fastify.escalationService.removeLadder(request.params.categoryId, actorOf(request))
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/api/incidents/:id/urge',
    {
      config: { roles: ['supervisor', 'admin'] },
      schema: {
        tags,
        summary: '催办（监督员，附说明）/ urge the assignee (supervisors)',
        params: CaseParams,
        body: UrgeBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'supervisor', 'admin')
      await fastify.escalationService.urge(user, request.params.id, request.body.note, request.ip)
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/api/incidents/:id/supervise',
    {
      config: { roles: ['manager'] },
      schema: {
        tags,
        summary: '督办（街道管理者；结案前置顶）/ put a case under supervision (managers)',
        params: CaseParams,
        body: SuperviseBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, 'manager')
      await fastify.escalationService.supervise(user, request.params.id, request.body.note ?? null, request.ip)
      return reply.code(204).send(null)
    },
  )

  fastify.get(
    '/api/escalation/supervised',
    {
      config: { roles: ['supervisor', 'manager', 'admin'] },
      schema: {
        tags,
        summary: '督办中的案卷（置顶）/ cases under supervision, pinned',
        response: { 200: Type.Array(SupervisedCase), ...errorResponses(401, 403) },
      },
    },
    async (request) => fastify.escalationRepository.supervised(requireUser(request)),
  )
}

export default escalationRoutes

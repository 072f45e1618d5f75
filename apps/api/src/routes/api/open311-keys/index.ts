import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import {
  errorResponses,
  Open311Key,
  Open311KeyCreate,
  Open311KeyCreated,
  Open311KeyList,
  Open311KeyParams,
} from '@wangge/contract'

/** Open311 API keys: admins issue one per integrating system (shown once), list and revoke them. */
const open311KeyRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/open311/keys',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['open311'],
        summary: 'Open311 接入密钥列表（管理员）/ Open311 API keys (admins)',
        response: { 200: Open311KeyList, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      return fastify.apiKeysRepository.list()
    },
  )

  fastify.post(
    '/api/open311/keys',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['open311'],
        summary: '签发 Open311 接入密钥，密钥只显示这一次（管理员）/ issue a key, shown once (admins)',
        body: Open311KeyCreate,
        response: { 201: Open311KeyCreated, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin')
      const tree = await fastify.categoriesRepository.tree()
      const services = new Set(tree.flatMap((g) => g.children.map((c) => c.code)))
      const created = await fastify.apiKeysService.create(request.body, { ...actorOf(request), id: admin.id }, services)
      return reply.code(201).header('cache-control', 'no-store').send(created)
    },
  )

  fastify.post(
    '/api/open311/keys/:id/revoke',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['open311'],
        summary: '吊销 Open311 接入密钥（管理员）/ revoke a key (admins)',
        params: Open311KeyParams,
        response: { 200: Open311Key, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const admin = requireRole(request, 'admin')
      return fastify.apiKeysService.revoke(request.params.id, { ...actorOf(request), id: admin.id })
    },
  )
}

export default open311KeyRoutes

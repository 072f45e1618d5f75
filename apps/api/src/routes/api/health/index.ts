import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

const Health = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]), database: Type.Boolean() })

const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['system'], summary: '健康检查 / health', response: { 200: Health, 503: Health } } },
    async (request, reply) => {
      try {
        await fastify.pg.query('select 1')
        return { status: 'ok' as const, database: true }
      } catch (err) {
        request.log.warn({ err }, 'database unreachable')
        return reply.code(503).send({ status: 'unavailable' as const, database: false })
      }
    },
  )
}

export default healthRoutes

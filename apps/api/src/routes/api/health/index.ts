import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Alive, Ready } from '@wangge/contract'

/**
 * Two questions a supervisor of processes asks (docker's healthcheck, a load balancer, an orchestrator):
 * is the process alive — never restart it for the database's sake, it recovers alone — and can it serve now,
 * which needs the database (send it no traffic meanwhile).
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '存活检查（不访问数据库）/ liveness, without the database',
        response: { 200: Alive },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  fastify.get(
    '/api/health/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: '就绪检查：数据库可用 / readiness: the database answers',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (request, reply) => {
      try {
        await fastify.healthRepository.ping()
        return { status: 'ok' as const, database: true }
      } catch (err) {
        request.log.warn({ err }, 'not ready: database unreachable')
        return reply
          .code(503)
          .header('retry-after', '3')
          .send({ status: 'unavailable' as const, database: false })
      }
    },
  )
}

export default healthRoutes

import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'

/** What the readiness check asks of the database: that it answers, through the pool every request uses. */
export default fp(
  (fastify) => {
    fastify.decorate('healthRepository', {
      /** Resolves when the database answers a trivial query; rejects with the pool's error when it does not. */
      async ping(): Promise<void> {
        await fastify.pg.query('select 1')
      },
    })
  },
  { name: 'health-repository', dependencies: ['database'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    healthRepository: { ping(): Promise<void> }
  }
}

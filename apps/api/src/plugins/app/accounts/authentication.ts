import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { UnauthenticatedError } from '../../../errors.ts'
import type { SignedInUser } from './users-repository.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in, active user, or null. */
    user: SignedInUser | null
  }
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new UnauthenticatedError()
  return request.user
}

/**
 * Resolves the session's user on every request. A session whose user was deactivated or deleted is destroyed, so
 * deactivation signs a user out everywhere at their next request.
 */
export default fp(
  (fastify) => {
    fastify.decorateRequest('user', null)
    fastify.addHook('preHandler', async (request) => {
      const userId = request.session.userId
      if (userId === undefined) return
      const user = await fastify.usersRepository.findActiveById(userId)
      if (user) request.user = user
      else await request.session.destroy()
    })
  },
  { name: 'authentication', dependencies: ['sessions', 'users-repository'] },
)

import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { UnauthenticatedError } from '../../../errors.ts'
import type { SignedInUser } from './users-repository.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in, active user, or null. */
    user: SignedInUser | null
  }
  interface FastifyContextConfig {
    /** Open without signing in (health, client config, sign-in itself). Every other /api route needs a user. */
    public?: boolean
  }
}

/** The API docs are public; so is everything outside /api (the web app's files). */
function isPublic(request: FastifyRequest): boolean {
  const url = request.url
  return request.routeOptions.config.public === true || !url.startsWith('/api/') || url.startsWith('/api/docs')
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): SignedInUser {
  if (!request.user) throw new UnauthenticatedError()
  return request.user
}

/**
 * Resolves the session's user on every request and turns away anonymous requests to non-public API routes, so no
 * route can forget to. A session whose user was deactivated or deleted is destroyed: deactivation signs a user out
 * everywhere at their next request.
 */
export default fp(
  (fastify) => {
    fastify.decorateRequest('user', null)
    fastify.addHook('preHandler', async (request) => {
      const userId = request.session.userId
      if (userId !== undefined) {
        const user = await fastify.usersRepository.findActiveById(userId)
        if (user) request.user = user
        else await request.session.destroy()
      }
      if (!request.user && !isPublic(request)) throw new UnauthenticatedError()
    })
  },
  { name: 'authentication', dependencies: ['sessions', 'users-repository'] },
)

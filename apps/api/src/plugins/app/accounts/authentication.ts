import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import type { Role } from '@wangge/accounts'
import { ForbiddenError, UnauthenticatedError } from '../../../errors.ts'
import type { SignedInUser } from './users-repository.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in, active user, or null. */
    user: SignedInUser | null
  }
  interface FastifyContextConfig {
    /** Open without signing in (health, client config, sign-in itself). Every other /api route needs a user. */
    public?: boolean
    /** The roles that may call this route; checked before the body is read. Unset: every signed-in role. */
    roles?: readonly Role[]
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
 * Resolves the session's user on every request and turns away anonymous requests to non-public API routes, and
 * callers whose role the route's `config.roles` does not name, so no route can forget to.
 *
 * It runs in onRequest, before Fastify reads the body: a stranger's 40 MB grid import is refused with 401 before a
 * byte of it is parsed (it used to cost 4 s and 300 MB in preHandler), and a route's large body limit only ever
 * applies to the roles it names. @fastify/session's own onRequest hook, registered earlier by the sessions
 * plugin, has loaded `request.session` by then. A session whose user was deactivated or deleted is destroyed:
 * deactivation signs a user out everywhere at their next request.
 */
export default fp(
  (fastify) => {
    fastify.decorateRequest('user', null)
    fastify.addHook('onRequest', async (request) => {
      const userId = request.session.userId
      if (userId !== undefined) {
        const user = await fastify.usersRepository.findActiveById(userId)
        if (user) request.user = user
        else await request.session.destroy()
      }
      if (isPublic(request)) return
      if (!request.user) throw new UnauthenticatedError()
      const roles = request.routeOptions.config.roles
      if (roles && !roles.includes(request.user.role)) throw new ForbiddenError()
    })
  },
  { name: 'authentication', dependencies: ['sessions', 'users-repository'] },
)

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { RateLimitedError } from '../../../errors.ts'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { actorOf } from '../../../plugins/app/accounts/authorization.ts'
import { SESSION_COOKIE } from '../../../plugins/external/sessions.ts'
import { errorResponses, LoginBody, Me, ScopeGrids } from '@wangge/contract'
import { scopeOf } from '../../../plugins/app/accounts/grid-scope.ts'

const authRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/api/auth/login',
    {
      // Throttled per (phone, address) with back-off and per address, across instances: login-throttle.ts.
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: '登录 / sign in',
        body: LoginBody,
        response: { 200: Me, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      // request.ip is the trusted client address: the socket's, or X-Forwarded-For's only as far as TRUST_PROXY says.
      const user = await fastify.authService
        .authenticate(request.body.phone, request.body.password, request.ip)
        .catch((err: unknown) => {
          if (err instanceof RateLimitedError) void reply.header('retry-after', String(err.retryAfterSeconds))
          throw err
        })
      // A new session id at sign-in: an id planted before login is worth nothing after it.
      await request.session.regenerate()
      request.session.userId = user.id
      await request.session.save()
      await fastify.auditRepository.write(
        { id: user.id, address: request.ip },
        { action: 'auth.login', entity: 'session', entityId: user.id },
      )
      return user
    },
  )

  fastify.post(
    '/api/auth/logout',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: '退出登录 / sign out', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const user = request.user
      const sessionId = request.session.sessionId
      await request.session.destroy()
      // A screen left open must not keep receiving the street's events after its user signed out.
      fastify.realtime.disconnectSession(sessionId)
      if (user)
        await fastify.auditRepository.write(actorOf(request), {
          action: 'auth.logout',
          entity: 'session',
          entityId: user.id,
        })
      return reply.clearCookie(SESSION_COOKIE, { path: '/' }).code(204).send(null)
    },
  )

  fastify.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: '当前用户 / the signed-in user',
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (request) => requireUser(request),
  )

  fastify.get(
    '/api/auth/scope',
    {
      schema: {
        tags: ['auth'],
        summary: "当前用户可见的网格 / every grid in the signed-in user's scope",
        response: { 200: ScopeGrids, ...errorResponses(401) },
      },
    },
    async (request) => {
      const scope = scopeOf(requireUser(request))
      return { streetWide: scope.streetWide, gridIds: await fastify.gridsRepository.idsWithinScope(scope) }
    },
  )
}

export default authRoutes

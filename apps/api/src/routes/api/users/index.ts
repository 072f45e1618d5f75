import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { maskPhone } from '@wangge/accounts'
import { NotFoundError } from '../../../errors.ts'
import { actorOf, requireRole } from '../../../plugins/app/accounts/authorization.ts'
import { scopeOf } from '../../../plugins/app/accounts/grid-scope.ts'
import type { SignedInUser } from '../../../plugins/app/accounts/users-repository.ts'
import type { UserView } from '../../../plugins/app/accounts/user-view.ts'
import {
  errorResponses,
  NewUserBody,
  PasswordBody,
  User,
  UserChangesBody,
  UserIdParams,
  UserListQuery,
  UserPage,
} from '@wangge/contract'

/** Phones are personal data: only admins see them whole. */
const shownTo =
  (viewer: SignedInUser) =>
  (user: UserView): UserView =>
    viewer.role === 'admin' ? user : { ...user, phone: maskPhone(user.phone) }

const userRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/users',
    {
      config: { roles: ['admin', 'manager', 'supervisor'] },
      schema: {
        tags: ['users'],
        summary: '用户列表（分页）/ users, paginated',
        querystring: UserListQuery,
        response: { 200: UserPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const viewer = requireRole(request, 'admin', 'manager', 'supervisor')
      const { role, grid, q, cursor, limit } = request.query
      const page = await fastify.usersRepository.list(scopeOf(viewer), {
        role,
        gridId: grid,
        text: q,
        afterId: cursor === undefined ? undefined : Number(cursor),
        limit,
      })
      return {
        items: page.items.map(shownTo(viewer)),
        nextCursor: page.nextAfterId === null ? null : String(page.nextAfterId),
      }
    },
  )

  fastify.get(
    '/api/users/:id',
    {
      config: { roles: ['admin', 'manager', 'supervisor'] },
      schema: {
        tags: ['users'],
        summary: '用户详情 / a user',
        params: UserIdParams,
        response: { 200: User, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = requireRole(request, 'admin', 'manager', 'supervisor')
      const user = await fastify.usersRepository.findInScope(scopeOf(viewer), request.params.id)
      if (!user) throw new NotFoundError('用户 user')
      return shownTo(viewer)(user)
    },
  )

  fastify.post(
    '/api/users',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: '新建用户 / create a user',
        body: NewUserBody,
        response: { 201: User, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin')
      return reply.code(201).send(await fastify.usersService.create(request.body, actorOf(request)))
    },
  )

  fastify.patch(
    '/api/users/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: '修改用户（停用而非删除）/ change a user (deactivate, never delete)',
        params: UserIdParams,
        body: UserChangesBody,
        response: { 200: User, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireRole(request, 'admin')
      const user = await fastify.usersService.update(request.params.id, request.body, actorOf(request))
      // Deactivated, or another role or grids: their live sockets reconnect into the new scope, or are refused.
      fastify.realtime.disconnectUser(request.params.id)
      return user
    },
  )

  fastify.post(
    '/api/users/:id/reset-password',
    {
      config: { roles: ['admin'] },
      schema: {
        tags: ['users'],
        summary: '重置密码 / reset a password',
        params: UserIdParams,
        body: PasswordBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireRole(request, 'admin')
      await fastify.usersService.resetPassword(request.params.id, request.body.password, actorOf(request))
      fastify.realtime.disconnectUser(request.params.id)
      return reply.code(204).send(null)
    },
  )
}

export default userRoutes

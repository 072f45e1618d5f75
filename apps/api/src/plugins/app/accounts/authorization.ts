import type { FastifyRequest } from 'fastify'
import type { Role } from '@wangge/accounts'
import { ForbiddenError } from '../../../errors.ts'
import { requireUser } from './authentication.ts'
import type { SignedInUser } from './users-repository.ts'
import type { Actor } from '../audit/audit-log.ts'

/** The signed-in user when their role is one of `roles`; 401 without a user, 403 for another role. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): SignedInUser {
  const user = requireUser(request)
  if (!roles.includes(user.role)) throw new ForbiddenError()
  return user
}

/** The audit log's view of who is acting in this request. */
export function actorOf(request: FastifyRequest): Actor {
  return { id: request.user?.id ?? null, address: request.ip }
}

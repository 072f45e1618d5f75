import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthenticatedError } from '../../../errors.ts'
import type { KeyOnUse } from '../../../plugins/app/open311/api-keys-repository.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The integration key a request of the city's system came with (routes that take one), or null. */
    hotlineKey: KeyOnUse | null
  }
}

/** The header the city's system sends its integration key in (an Open311 key issued by an admin). */
export const KEY_HEADER = 'x-api-key'

/**
 * Who may call the routes the city's 12345 system uses (intake, the replies feed): a signed-in supervisor or admin,
 * or the city's system itself with an integration key — the admins' Open311 keys (shown once, stored hashed,
 * revocable, rate-limited, every use audited). A key acts as the system account (系统), street-wide. Runs in
 * onRequest, before the body is read, as the session check does.
 */
export function cityOrDesk(fastify: FastifyInstance, desk: readonly string[], resource: string) {
  return async (request: FastifyRequest) => {
    request.hotlineKey = null
    if (request.user) {
      if (!desk.includes(request.user.role)) throw new ForbiddenError()
      return
    }
    const raw = request.headers[KEY_HEADER]
    if (typeof raw !== 'string' || raw === '') throw new UnauthenticatedError()
    request.hotlineKey = await fastify.apiKeysService.authorize(raw, { resource, address: request.ip })
    request.user = await fastify.hotlineRepository.systemAccount()
  }
}

/** A key's use, audited once the request it made has been answered. */
export async function recordKeyUse(fastify: FastifyInstance, request: FastifyRequest, resource: string) {
  if (request.hotlineKey) await fastify.apiKeysService.recordRead(request.hotlineKey, { resource, address: request.ip })
}

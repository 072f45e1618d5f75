import type { IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { SESSION_COOKIE } from '../../external/sessions.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

export interface SocketSession {
  user: SignedInUser
  /** The session's id (unsigned): signing out ends the sockets opened with it. */
  sessionId: string
  /** When the session ends (a 12-hour shift from sign-in); the socket is closed then. */
  expiresAt: Date | null
}

/**
 * The signed-in user behind a socket.io handshake, from the same session cookie and the same store as HTTP
 * (@fastify/session's `decryptSession`), or null: no cookie, a forged one, an expired or destroyed session, a
 * deactivated user.
 */
export async function sessionOfHandshake(
  fastify: FastifyInstance,
  request: IncomingMessage,
): Promise<SocketSession | null> {
  const signed = fastify.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE]
  if (!signed) return null
  const holder = {
    session: null as null | { sessionId: string; userId?: number; cookie?: { expires?: Date | null } },
    protocol: 'http',
  }
  await new Promise<void>((resolve, reject) =>
    fastify.decryptSession(signed, holder, (err?: unknown) => (err ? reject(err as Error) : resolve())),
  )
  const userId = holder.session?.userId
  if (userId === undefined) return null
  const user = await fastify.usersRepository.findActiveById(userId)
  if (!user) return null
  const expires = holder.session?.cookie?.expires
  return { user, sessionId: holder.session!.sessionId, expiresAt: expires ? new Date(expires) : null }
}

/** A browser's handshake must come from this app's own page, as state-changing HTTP requests must (origin-check.ts). */
export function handshakeOriginAllowed(request: IncomingMessage, publicOrigin: string | undefined): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return true
  if (origin === publicOrigin) return true
  const forwardedHost = request.headers['x-forwarded-host']
  const host =
    (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost?.split(',')[0]?.trim()) ?? request.headers.host
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

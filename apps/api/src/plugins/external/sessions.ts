import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import fp from 'fastify-plugin'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import type {} from './database.ts'
import { createPgSessionStore } from './session-store.ts'

declare module 'fastify' {
  interface Session {
    userId?: number
  }
  interface FastifyInstance {
    /** The sessions this process keeps in memory (see session-store.ts). */
    sessionMemory: { forget(sid: string): void }
  }
}

export interface SessionsOptions {
  /** SESSION_SECRET; when unset, one is generated once into DATA_DIR so sessions survive restarts. */
  secret: string | undefined
  dataDir: string
  /** Cookies are `Secure` when the public origin is https. */
  secure: boolean
}

export const SESSION_COOKIE = 'wangge.sid'
const MAX_AGE_MS = 12 * 60 * 60 * 1000

async function sessionSecret(secret: string | undefined, dataDir: string): Promise<string> {
  if (secret) return secret
  const file = path.join(dataDir, 'session-secret')
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch {
    await mkdir(dataDir, { recursive: true })
    const generated = randomBytes(32).toString('base64url')
    await writeFile(file, generated, { mode: 0o600, flag: 'wx' }).catch(() => undefined)
    return (await readFile(file, 'utf8')).trim()
  }
}

/** Server-side sessions in PostgreSQL behind an httpOnly, SameSite=Lax cookie (@fastify/session). */
export default fp<SessionsOptions>(
  async (fastify, { secret, dataDir, secure }) => {
    await fastify.register(fastifyCookie)
    const store = createPgSessionStore(fastify.kysely, MAX_AGE_MS, fastify.databaseNotifications)
    fastify.decorate('sessionMemory', { forget: (sid: string) => store.forget(sid) })
    await fastify.register(fastifySession, {
      secret: await sessionSecret(secret, dataDir),
      cookieName: SESSION_COOKIE,
      cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: MAX_AGE_MS },
      store,
      saveUninitialized: false,
      // A session lasts 12 hours from sign-in (a shift), not from the last request: with rolling sessions every
      // request would write its session row, which the report path cannot afford.
      rolling: false,
    })
    // Expired sessions are never read back; sweep them hourly so the table stays small.
    const sweep = setInterval(
      () => {
        fastify.kysely
          .deleteFrom('sessions')
          .where('expires_at', '<', new Date())
          .execute()
          .catch((err: unknown) => fastify.log.warn({ err }, 'session sweep failed'))
      },
      60 * 60 * 1000,
    )
    sweep.unref()
    fastify.addHook('onClose', async () => clearInterval(sweep))
  },
  { name: 'sessions', dependencies: ['database', 'database-notifications'] },
)

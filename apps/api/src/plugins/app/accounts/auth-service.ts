import fp from 'fastify-plugin'
import { maskPhone } from '@wangge/accounts'
import { InvalidCredentialsError } from '../../../errors.ts'
import { DECOY_HASH, verifyPassword } from './password.ts'
import type { SignedInUser, UsersRepository } from './users-repository.ts'
import { createLoginThrottle, type LoginThrottle } from './login-throttle.ts'
import type { LoginAttemptStore } from './login-attempts.ts'
import { pgLoginAttemptStore } from './login-attempts-pg.ts'
import { redisLoginAttemptStore } from './login-attempts-redis.ts'

export function createAuthService(users: UsersRepository, throttle: LoginThrottle) {
  return {
    /**
     * The user for a phone and password, signing in from `address` (the trusted client address); 429 while that
     * pair or address must wait. The same error, after the same work, for an unknown phone or a wrong password.
     */
    async authenticate(phone: string, password: string, address: string): Promise<SignedInUser> {
      await throttle.admit(phone, address)
      const credentials = await users.findCredentialsByPhone(phone)
      const matches = await verifyPassword(credentials?.password_hash ?? DECOY_HASH, password)
      const user = credentials && matches && credentials.active ? await users.findActiveById(credentials.id) : undefined
      if (!user) {
        // A failed sign-in changes nothing, so its row stands alone; the phone is masked as every list masks it.
        await users.audit(
          { id: null, address },
          { action: 'auth.login_failed', entity: 'session', entityId: null, after: { phone: maskPhone(phone) } },
        )
        throw new InvalidCredentialsError()
      }
      await throttle.succeeded(phone, address)
      return user
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>

declare module 'fastify' {
  interface FastifyInstance {
    authService: AuthService
  }
}

export interface AuthServiceOptions {
  /** With Redis, instances share sign-in counters there; without it, in PostgreSQL (login_attempts). */
  redisUrl?: string | undefined
}

export default fp<AuthServiceOptions>(
  async (fastify, { redisUrl }) => {
    let store: LoginAttemptStore
    if (redisUrl) {
      store = await redisLoginAttemptStore(redisUrl, (err) =>
        fastify.log.warn({ err }, 'sign-in counters: redis error'),
      )
    } else {
      const pgStore = pgLoginAttemptStore(fastify.kysely)
      // Expired counters are never read back as live; sweep them hourly so the table stays small.
      const sweep = setInterval(
        () => {
          pgStore.sweep(Date.now()).catch((err: unknown) => fastify.log.warn({ err }, 'sign-in counter sweep failed'))
        },
        60 * 60 * 1000,
      )
      sweep.unref()
      fastify.addHook('onClose', async () => clearInterval(sweep))
      store = pgStore
    }
    fastify.addHook('onClose', async () => store.close())
    fastify.decorate('authService', createAuthService(fastify.usersRepository, createLoginThrottle(store)))
  },
  { name: 'auth-service', dependencies: ['database', 'users-repository'] },
)

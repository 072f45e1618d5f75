import fp from 'fastify-plugin'
import { maskPhone } from '@wangge/accounts'
import { InvalidCredentialsError } from '../../../errors.ts'
import { DECOY_HASH, verifyPassword } from './password.ts'
import type { SignedInUser, UsersRepository } from './users-repository.ts'
import { createLoginThrottle, type LoginThrottle } from './login-throttle.ts'

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

export default fp(
  (fastify) => {
    fastify.decorate(
      'authService',
      createAuthService(fastify.usersRepository, createLoginThrottle(fastify.rateCounters)),
    )
  },
  { name: 'auth-service', dependencies: ['rate-counters', 'users-repository'] },
)

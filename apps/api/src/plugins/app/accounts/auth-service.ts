import fp from 'fastify-plugin'
import { InvalidCredentialsError } from '../../../errors.ts'
import { DECOY_HASH, verifyPassword } from './password.ts'
import type { SignedInUser, UsersRepository } from './users-repository.ts'

export function createAuthService(users: UsersRepository) {
  return {
    /** The user for a phone and password; the same error, after the same work, for an unknown phone or a wrong password. */
    async authenticate(phone: string, password: string): Promise<SignedInUser> {
      const credentials = await users.findCredentialsByPhone(phone)
      const matches = await verifyPassword(credentials?.password_hash ?? DECOY_HASH, password)
      const user = credentials && matches && credentials.active ? await users.findActiveById(credentials.id) : undefined
      if (!user) throw new InvalidCredentialsError()
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
    fastify.decorate('authService', createAuthService(fastify.usersRepository))
  },
  { name: 'auth-service', dependencies: ['users-repository'] },
)

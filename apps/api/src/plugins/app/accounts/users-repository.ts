import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { selectUserView, type UserView } from './user-view.ts'

/** The signed-in user as every request sees them: a user view without the bookkeeping. */
export type SignedInUser = Omit<UserView, 'active' | 'createdAt'>

export function createUsersRepository(db: Kysely<Database>) {
  return {
    findCredentialsByPhone(phone: string) {
      return db.selectFrom('users').select(['id', 'password_hash', 'active']).where('phone', '=', phone).executeTakeFirst()
    },

    /** An active user with department and grid scope in one query (it runs on every signed-in request), or undefined. */
    async findActiveById(id: number): Promise<SignedInUser | undefined> {
      const user = await selectUserView(db).where('u.id', '=', id).where('u.active', '=', true).executeTakeFirst()
      if (!user) return undefined
      return { id: user.id, name: user.name, phone: user.phone, role: user.role, department: user.department, grids: user.grids }
    },
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('usersRepository', createUsersRepository(fastify.kysely))
  },
  { name: 'users-repository', dependencies: ['database'] },
)

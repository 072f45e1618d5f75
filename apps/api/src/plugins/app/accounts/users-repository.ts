import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Role } from '@wangge/accounts'
import type { Database } from '../../../db/database-schema.ts'

export interface SignedInUser {
  id: number
  name: string
  phone: string
  role: Role
  department: { id: number; code: string; name: string } | null
  /** The grids whose subtrees the user may see; empty for street-wide roles. */
  grids: { id: number; code: string; level: 1 | 2 | 3; name: string }[]
}

export function createUsersRepository(db: Kysely<Database>) {
  return {
    findCredentialsByPhone(phone: string) {
      return db.selectFrom('users').select(['id', 'password_hash', 'active']).where('phone', '=', phone).executeTakeFirst()
    },

    /** An active user with department and grid scope, or undefined (unknown or deactivated). */
    async findActiveById(id: number): Promise<SignedInUser | undefined> {
      const user = await db
        .selectFrom('users as u')
        .leftJoin('departments as d', 'd.id', 'u.department_id')
        .select(['u.id', 'u.name', 'u.phone', 'u.role', 'd.id as departmentId', 'd.code as departmentCode', 'd.name as departmentName'])
        .where('u.id', '=', id)
        .where('u.active', '=', true)
        .executeTakeFirst()
      if (!user) return undefined
      const grids = await db
        .selectFrom('user_grids as ug')
        .innerJoin('grids as g', 'g.id', 'ug.grid_id')
        .select(['g.id', 'g.code', 'g.level', 'g.name'])
        .where('ug.user_id', '=', id)
        .orderBy('g.code')
        .execute()
      return {
        id: user.id,
        name: user.name,
        phone: user.phone,
        role: user.role,
        department: user.departmentId === null ? null : { id: user.departmentId, code: user.departmentCode!, name: user.departmentName! },
        grids,
      }
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

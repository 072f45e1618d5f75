import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { ACCOUNTS_CHANNEL, type DatabaseNotifications } from '../../external/database-notifications.ts'
import { NotifiedCache } from '../../external/notified-cache.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { selectUserView, type UserView } from './user-view.ts'

/** The signed-in user as every request sees them: a user view without the bookkeeping. */
export type SignedInUser = Omit<UserView, 'active' | 'createdAt'>

export function createUsersRepository(db: Kysely<Database>, notifications: DatabaseNotifications) {
  // Every signed-in request needs its user: kept in memory until the database announces a change to them (their
  // row, their grids) or to the departments and grids a user view names.
  const signedIn = new NotifiedCache<number, SignedInUser>(notifications, { max: 10_000, ttlMs: 10 * 60 * 1000 })
  notifications.subscribe(ACCOUNTS_CHANNEL, (payload) => {
    if (payload === 'all') signedIn.clear()
    else if (payload.startsWith('user:')) signedIn.forget(Number(payload.slice('user:'.length)))
  })

  return {
    /** Drops what this process keeps of a user (after a change it made itself; others hear of it). */
    forget(id: number) {
      signedIn.forget(id)
    },

    findCredentialsByPhone(phone: string) {
      return db.selectFrom('users').select(['id', 'password_hash', 'active']).where('phone', '=', phone).executeTakeFirst()
    },

    /** An active user with department and grid scope in one query (it runs on every signed-in request), or undefined. */
    findActiveById(id: number): Promise<SignedInUser | undefined> {
      return signedIn.get(id, async () => {
        const user = await selectUserView(db).where('u.id', '=', id).where('u.active', '=', true).executeTakeFirst()
        if (!user) return undefined
        return Object.freeze({ id: user.id, name: user.name, phone: user.phone, role: user.role, department: user.department, grids: user.grids })
      })
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
    fastify.decorate('usersRepository', createUsersRepository(fastify.kysely, fastify.databaseNotifications))
  },
  { name: 'users-repository', dependencies: ['database', 'database-notifications'] },
)

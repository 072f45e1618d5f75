import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { ACCOUNTS_CHANNEL, type DatabaseNotifications } from '../../external/database-notifications.ts'
import { NotifiedCache } from '../../external/notified-cache.ts'
import type { Kysely } from 'kysely'
import type { Role } from '@wangge/accounts'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import { createUsersQuery } from './users-query.ts'
import { selectUserView, type UserView } from './user-view.ts'

/** The signed-in user as every request sees them: a user view without the bookkeeping. */
export type SignedInUser = Omit<UserView, 'active' | 'createdAt'>

/** A user's stored fields, as an insert or an update writes them. */
export interface UserRow {
  name: string
  role: Role
  departmentId: number | null
  active: boolean
}

/**
 * Every query of the users and their grids, for reads and for the changes usersService makes (each change in one
 * `transaction` with its audit row). The lists filter by a grid scope (users-query.ts).
 */
export function userQueries(db: Kysely<Database>) {
  return {
    ...createUsersQuery(db),

    findCredentialsByPhone(phone: string) {
      return db
        .selectFrom('users')
        .select(['id', 'password_hash', 'active'])
        .where('phone', '=', phone)
        .executeTakeFirst()
    },

    async phoneOf(id: number): Promise<string | undefined> {
      return (await db.selectFrom('users').select('phone').where('id', '=', id).executeTakeFirst())?.phone
    },

    async phoneTaken(phone: string): Promise<boolean> {
      return (await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst()) !== undefined
    },

    view(id: number): Promise<UserView> {
      return selectUserView(db).where('u.id', '=', id).executeTakeFirstOrThrow() as Promise<UserView>
    },

    /** The user's view with their row locked until the transaction ends, or undefined. */
    viewForUpdate(id: number): Promise<UserView | undefined> {
      return selectUserView(db).where('u.id', '=', id).forUpdate().executeTakeFirst() as Promise<UserView | undefined>
    },

    async insert(user: UserRow & { phone: string; passwordHash: string }): Promise<number> {
      const { id } = await db
        .insertInto('users')
        .values({
          name: user.name,
          phone: user.phone,
          password_hash: user.passwordHash,
          role: user.role,
          department_id: user.departmentId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return id
    },

    async update(id: number, user: UserRow): Promise<void> {
      await db
        .updateTable('users')
        .set({
          name: user.name,
          role: user.role,
          department_id: user.departmentId,
          active: user.active,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute()
    },

    /** Sets a new password hash; false when there is no such user. */
    async setPasswordHash(id: number, passwordHash: string, { touch = false } = {}): Promise<boolean> {
      const result = await db
        .updateTable('users')
        .set({ password_hash: passwordHash, ...(touch ? { updated_at: new Date() } : {}) })
        .where('id', '=', id)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) > 0
    },

    async setGrids(userId: number, gridIds: number[]): Promise<void> {
      await db.deleteFrom('user_grids').where('user_id', '=', userId).execute()
      const unique = [...new Set(gridIds)]
      if (unique.length)
        await db
          .insertInto('user_grids')
          .values(unique.map((grid_id) => ({ user_id: userId, grid_id })))
          .execute()
    },

    /** Ends every session of the user in the database; returns their ids, so this process can forget them too. */
    async endSessions(userId: number): Promise<string[]> {
      return (await db.deleteFrom('sessions').where('user_id', '=', userId).returning('sid').execute()).map(
        (r) => r.sid,
      )
    },

    /**
     * Locks the active admins' rows, in id order and before the changed user's own row, so two admins deactivating
     * each other at once take turns (without a deadlock): the second one's count then sees the first one's commit.
     */
    async lockActiveAdmins(): Promise<void> {
      await db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .orderBy('id')
        .forUpdate()
        .execute()
    },

    /** Whether an active admin other than `adminId` exists (under `lockActiveAdmins`). */
    async anotherActiveAdmin(adminId: number): Promise<boolean> {
      const other = await db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .where('id', '<>', adminId)
        .limit(1)
        .executeTakeFirst()
      return other !== undefined
    },

    async departmentExists(id: number): Promise<boolean> {
      return (await db.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
    },

    /** The levels of those of `ids` that are grids. */
    gridLevels(ids: number[]) {
      return db.selectFrom('grids').select(['id', 'level']).where('id', 'in', ids).execute()
    },

    audit(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },
  }
}

/** The users' queries on their own, with transactions: what a script needs (no cache, nobody to notify). */
export function createUserRecords(db: Kysely<Database>) {
  return transactional(db, userQueries)
}

export type UserRecords = ReturnType<typeof createUserRecords>

export function createUsersRepository(db: Kysely<Database>, notifications: DatabaseNotifications) {
  // Every signed-in request needs its user: kept in memory until the database announces a change to them (their
  // row, their grids) or to the departments and grids a user view names.
  const signedIn = new NotifiedCache<number, SignedInUser>(notifications, { max: 10_000, ttlMs: 10 * 60 * 1000 })
  notifications.subscribe(ACCOUNTS_CHANNEL, (payload) => {
    if (payload === 'all') signedIn.clear()
    else if (payload.startsWith('user:')) signedIn.forget(Number(payload.slice('user:'.length)))
  })

  return {
    ...createUserRecords(db),

    /** Drops what this process keeps of a user (after a change it made itself; others hear of it). */
    forget(id: number) {
      signedIn.forget(id)
    },

    /** An active user with department and grid scope in one query (it runs on every signed-in request), or undefined. */
    findActiveById(id: number): Promise<SignedInUser | undefined> {
      return signedIn.get(id, async () => {
        const user = await selectUserView(db).where('u.id', '=', id).where('u.active', '=', true).executeTakeFirst()
        if (!user) return undefined
        return Object.freeze({
          id: user.id,
          name: user.name,
          phone: user.phone,
          role: user.role,
          department: user.department,
          grids: user.grids,
        })
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

import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import type { Kysely, Transaction } from 'kysely'
import type { Role } from '@wangge/accounts'
import type { Database } from '../../../db/database-schema.ts'
import { InvalidReferenceError, LastAdminError, NotFoundError, PhoneTakenError } from '../../../errors.ts'
import { writeAudit, type Actor } from '../audit/audit-log.ts'
import { checkPasswordPolicy, hashPassword } from './password.ts'
import { selectUserView, type UserView } from './user-view.ts'
import { createUsersQuery } from './users-query.ts'

export interface NewUser {
  name: string
  phone: string
  password: string
  role: Role
  gridIds: number[]
  departmentId: number | null
}

export type UserChanges = Partial<Pick<NewUser, 'name' | 'role' | 'gridIds' | 'departmentId'>> & { active?: boolean }

type Tx = Transaction<Database>

/** What this process keeps of signed-in users and sessions: forgotten at once after a change here commits. */
export interface SignedInMemory {
  forgetUser(id: number): void
  forgetSession(sid: string): void
}

/**
 * Accounts change here, each change in one transaction with its audit row. The rules that tie role, grids and
 * department together are checked against the database before anything is written.
 */
export function createUsersService(db: Kysely<Database>, signedIn: SignedInMemory) {
  const query = createUsersQuery(db)
  const view = (tx: Tx, id: number) => selectUserView(tx).where('u.id', '=', id).executeTakeFirstOrThrow() as Promise<UserView>
  // Other instances hear of the change from the database (migration 0006); this one need not wait for that.
  const endSessions = async (tx: Tx, userId: number, ended: string[]) => {
    ended.push(...(await tx.deleteFrom('sessions').where('user_id', '=', userId).returning('sid').execute()).map((r) => r.sid))
  }
  // A phone never changes, so it may be read before the password is hashed (outside the transaction).
  const phoneOf = async (id: number) => {
    const user = await db.selectFrom('users').select('phone').where('id', '=', id).executeTakeFirst()
    if (!user) throw new NotFoundError('用户 user')
    return user.phone
  }
  const forget = (userId: number, ended: string[]) => {
    signedIn.forgetUser(userId)
    for (const sid of ended) signedIn.forgetSession(sid)
  }

  return {
    query,

    async create(input: NewUser, actor: Actor): Promise<UserView> {
      checkPasswordPolicy(input.password, input.phone)
      const passwordHash = await hashPassword(input.password)
      return db.transaction().execute(async (tx) => {
        await checkAssignment(tx, input.role, input.gridIds, input.departmentId)
        const taken = await tx.selectFrom('users').select('id').where('phone', '=', input.phone).executeTakeFirst()
        if (taken) throw new PhoneTakenError(input.phone)
        const { id } = await tx
          .insertInto('users')
          .values({ name: input.name, phone: input.phone, password_hash: passwordHash, role: input.role, department_id: input.departmentId })
          .returning('id')
          .executeTakeFirstOrThrow()
        await setGrids(tx, id, input.gridIds)
        const after = await view(tx, id)
        await writeAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: id, after })
        return after
      })
    },

    /** Applies changes (and, for scripts, a new password) in one transaction: all of it or nothing. */
    async update(id: number, changes: UserChanges, actor: Actor, { newPassword }: { newPassword?: string } = {}): Promise<UserView> {
      if (newPassword !== undefined) checkPasswordPolicy(newPassword, await phoneOf(id))
      const passwordHash = newPassword === undefined ? undefined : await hashPassword(newPassword)
      const ended: string[] = []
      const updated = await db.transaction().execute(async (tx) => {
        if (mayRemoveAnAdmin(changes)) await lockActiveAdmins(tx)
        const before = (await selectUserView(tx).where('u.id', '=', id).forUpdate().executeTakeFirst()) as UserView | undefined
        if (!before) throw new NotFoundError('用户 user')
        const role = changes.role ?? before.role
        if (before.role === 'admin' && before.active && (role !== 'admin' || changes.active === false)) await keepAnotherAdmin(tx, id)
        const gridIds = changes.gridIds ?? before.grids.map((g) => g.id)
        const departmentId = changes.departmentId !== undefined ? changes.departmentId : (before.department?.id ?? null)
        await checkAssignment(tx, role, gridIds, departmentId)
        await tx
          .updateTable('users')
          .set({ name: changes.name ?? before.name, role, department_id: departmentId, active: changes.active ?? before.active, updated_at: new Date() })
          .where('id', '=', id)
          .execute()
        if (changes.gridIds) await setGrids(tx, id, gridIds)
        if (passwordHash !== undefined) await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute()
        // Deactivation and a new password sign the user out everywhere at once.
        if (changes.active === false || passwordHash !== undefined) await endSessions(tx, id, ended)
        const after = await view(tx, id)
        await writeAudit(tx, actor, { action: 'user.update', entity: 'user', entityId: id, before, after })
        if (passwordHash !== undefined) await writeAudit(tx, actor, { action: 'user.reset_password', entity: 'user', entityId: id })
        return after
      })
      forget(id, ended)
      return updated
    },

    async resetPassword(id: number, password: string, actor: Actor): Promise<void> {
      checkPasswordPolicy(password, await phoneOf(id))
      const passwordHash = await hashPassword(password)
      const ended: string[] = []
      await db.transaction().execute(async (tx) => {
        const result = await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', id).executeTakeFirst()
        if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('用户 user')
        // Whoever held the old password is signed out too.
        await endSessions(tx, id, ended)
        await writeAudit(tx, actor, { action: 'user.reset_password', entity: 'user', entityId: id })
      })
      forget(id, ended)
    },
  }
}

/**
 * Role, grids and department must agree: a worker works unit grids, a supervisor watches grids of any level, a
 * handler belongs to one department and no grid, managers and admins see the whole street and hold neither.
 */
async function checkAssignment(tx: Tx, role: Role, gridIds: number[], departmentId: number | null): Promise<void> {
  if (role === 'handler' && departmentId === null) throw new InvalidReferenceError('departmentId', '责任单位人员必须属于一个部门 / a handler needs a department')
  if (role !== 'handler' && departmentId !== null) throw new InvalidReferenceError('departmentId', '只有责任单位人员属于部门 / only handlers belong to a department')
  const needsGrids = role === 'worker' || role === 'supervisor'
  if (needsGrids && gridIds.length === 0) throw new InvalidReferenceError('gridIds', '网格员和监督员至少负责一个网格 / workers and supervisors need at least one grid')
  if (!needsGrids && gridIds.length > 0) throw new InvalidReferenceError('gridIds', '该角色覆盖全街道或按部门，不分配网格 / this role holds no grids')
  if (departmentId !== null) {
    const department = await tx.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst()
    if (!department) throw new InvalidReferenceError('departmentId', `部门 ${departmentId} 不存在 / unknown department`)
  }
  if (gridIds.length > 0) {
    const grids = await tx.selectFrom('grids').select(['id', 'level']).where('id', 'in', gridIds).execute()
    const missing = gridIds.filter((id) => !grids.some((g) => g.id === id))
    if (missing.length) throw new InvalidReferenceError('gridIds', `网格不存在 / unknown grids: ${missing.join(', ')}`)
    if (role === 'worker' && grids.some((g) => g.level !== 3)) throw new InvalidReferenceError('gridIds', '网格员只负责三级网格 / a worker works unit grids (level 3)')
  }
}

/** Only a deactivation or a change of role can take an admin away. */
function mayRemoveAnAdmin(changes: UserChanges): boolean {
  return changes.active === false || (changes.role !== undefined && changes.role !== 'admin')
}

/**
 * Locks the active admins' rows, in id order and before the changed user's own row, so two admins deactivating
 * each other at once take turns (without a deadlock): the second one's count then sees the first one's commit.
 */
async function lockActiveAdmins(tx: Tx): Promise<void> {
  await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).orderBy('id').forUpdate().execute()
}

/** Refuses to deactivate or demote `adminId` when no other active admin would be left (under `lockActiveAdmins`). */
async function keepAnotherAdmin(tx: Tx, adminId: number): Promise<void> {
  const other = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).where('id', '<>', adminId).limit(1).executeTakeFirst()
  if (!other) throw new LastAdminError()
}

async function setGrids(tx: Tx, userId: number, gridIds: number[]): Promise<void> {
  await tx.deleteFrom('user_grids').where('user_id', '=', userId).execute()
  const unique = [...new Set(gridIds)]
  if (unique.length) await tx.insertInto('user_grids').values(unique.map((grid_id) => ({ user_id: userId, grid_id }))).execute()
}

export type UsersService = ReturnType<typeof createUsersService>

declare module 'fastify' {
  interface FastifyInstance {
    usersService: UsersService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('usersService', createUsersService(fastify.kysely, { forgetUser: (id) => fastify.usersRepository.forget(id), forgetSession: (sid) => fastify.sessionMemory.forget(sid) }))
  },
  { name: 'users-service', dependencies: ['database', 'users-repository', 'sessions'] },
)

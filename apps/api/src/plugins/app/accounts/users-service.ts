import fp from 'fastify-plugin'
import type { Role } from '@wangge/accounts'
import { InvalidReferenceError, LastAdminError, NotFoundError, PhoneTakenError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import { checkPasswordPolicy, hashPassword } from './password.ts'
import type { UserView } from './user-view.ts'
import type { UserRecords } from './users-repository.ts'

export interface NewUser {
  name: string
  phone: string
  password: string
  role: Role
  gridIds: number[]
  departmentId: number | null
}

export type UserChanges = Partial<Pick<NewUser, 'name' | 'role' | 'gridIds' | 'departmentId'>> & { active?: boolean }

/** What this process keeps of signed-in users and sessions: forgotten at once after a change here commits. */
export interface SignedInMemory {
  forgetUser(id: number): void
  forgetSession(sid: string): void
}

/**
 * Accounts change here, each change in one transaction with its audit row. The rules that tie role, grids and
 * department together are checked against the database before anything is written. The SQL is the users
 * repository's (`UserRecords`).
 */
export function createUsersService(users: UserRecords, signedIn: SignedInMemory) {
  // A phone never changes, so it may be read before the password is hashed (outside the transaction).
  const phoneOf = async (id: number) => {
    const phone = await users.phoneOf(id)
    if (phone === undefined) throw new NotFoundError('用户 user')
    return phone
  }
  // Other instances hear of the change from the database (migration 0006); this one need not wait for that.
  const forget = (userId: number, ended: string[]) => {
    signedIn.forgetUser(userId)
    for (const sid of ended) signedIn.forgetSession(sid)
  }

  return {
    async create(input: NewUser, actor: Actor): Promise<UserView> {
      checkPasswordPolicy(input.password, input.phone)
      const passwordHash = await hashPassword(input.password)
      return users.transaction(async (tx) => {
        await checkAssignment(tx, input.role, input.gridIds, input.departmentId)
        if (await tx.phoneTaken(input.phone)) throw new PhoneTakenError(input.phone)
        const id = await tx.insert({
          name: input.name,
          phone: input.phone,
          passwordHash,
          role: input.role,
          departmentId: input.departmentId,
          active: true,
        })
        await tx.setGrids(id, input.gridIds)
        const after = await tx.view(id)
        await tx.audit(actor, { action: 'user.create', entity: 'user', entityId: id, after })
        return after
      })
    },

    /** Applies changes (and, for scripts, a new password) in one transaction: all of it or nothing. */
    async update(
      id: number,
      changes: UserChanges,
      actor: Actor,
      { newPassword }: { newPassword?: string } = {},
    ): Promise<UserView> {
      if (newPassword !== undefined) checkPasswordPolicy(newPassword, await phoneOf(id))
      const passwordHash = newPassword === undefined ? undefined : await hashPassword(newPassword)
      const ended: string[] = []
      const updated = await users.transaction(async (tx) => {
        if (mayRemoveAnAdmin(changes)) await tx.lockActiveAdmins()
        const before = await tx.viewForUpdate(id)
        if (!before) throw new NotFoundError('用户 user')
        const role = changes.role ?? before.role
        if (
          before.role === 'admin' &&
          before.active &&
          (role !== 'admin' || changes.active === false) &&
          !(await tx.anotherActiveAdmin(id))
        )
          throw new LastAdminError()
        const gridIds = changes.gridIds ?? before.grids.map((g) => g.id)
        const departmentId = changes.departmentId !== undefined ? changes.departmentId : (before.department?.id ?? null)
        await checkAssignment(tx, role, gridIds, departmentId)
        await tx.update(id, {
          name: changes.name ?? before.name,
          role,
          departmentId,
          active: changes.active ?? before.active,
        })
        if (changes.gridIds) await tx.setGrids(id, gridIds)
        if (passwordHash !== undefined) await tx.setPasswordHash(id, passwordHash)
        // Deactivation and a new password sign the user out everywhere at once.
        if (changes.active === false || passwordHash !== undefined) ended.push(...(await tx.endSessions(id)))
        const after = await tx.view(id)
        await tx.audit(actor, { action: 'user.update', entity: 'user', entityId: id, before, after })
        if (passwordHash !== undefined)
          await tx.audit(actor, { action: 'user.reset_password', entity: 'user', entityId: id })
        return after
      })
      forget(id, ended)
      return updated
    },

    async resetPassword(id: number, password: string, actor: Actor): Promise<void> {
      checkPasswordPolicy(password, await phoneOf(id))
      const passwordHash = await hashPassword(password)
      const ended: string[] = []
      await users.transaction(async (tx) => {
        if (!(await tx.setPasswordHash(id, passwordHash, { touch: true }))) throw new NotFoundError('用户 user')
        // Whoever held the old password is signed out too.
        ended.push(...(await tx.endSessions(id)))
        await tx.audit(actor, { action: 'user.reset_password', entity: 'user', entityId: id })
      })
      forget(id, ended)
    },
  }
}

type UserTransaction = Parameters<Parameters<UserRecords['transaction']>[0]>[0]

/**
 * Role, grids and department must agree: a worker works unit grids, a supervisor watches grids of any level, a
 * handler belongs to one department and no grid, managers and admins see the whole street and hold neither.
 */
async function checkAssignment(
  tx: UserTransaction,
  role: Role,
  gridIds: number[],
  departmentId: number | null,
): Promise<void> {
  if (role === 'handler' && departmentId === null)
    throw new InvalidReferenceError('departmentId', '责任单位人员必须属于一个部门 / a handler needs a department')
  if (role !== 'handler' && departmentId !== null)
    throw new InvalidReferenceError('departmentId', '只有责任单位人员属于部门 / only handlers belong to a department')
  const needsGrids = role === 'worker' || role === 'supervisor'
  if (needsGrids && gridIds.length === 0)
    throw new InvalidReferenceError(
      'gridIds',
      '网格员和监督员至少负责一个网格 / workers and supervisors need at least one grid',
    )
  if (!needsGrids && gridIds.length > 0)
    throw new InvalidReferenceError('gridIds', '该角色覆盖全街道或按部门，不分配网格 / this role holds no grids')
  if (departmentId !== null && !(await tx.departmentExists(departmentId)))
    throw new InvalidReferenceError('departmentId', `部门 ${departmentId} 不存在 / unknown department`)
  if (gridIds.length > 0) {
    const grids = await tx.gridLevels(gridIds)
    const missing = gridIds.filter((id) => !grids.some((g) => g.id === id))
    if (missing.length) throw new InvalidReferenceError('gridIds', `网格不存在 / unknown grids: ${missing.join(', ')}`)
    if (role === 'worker' && grids.some((g) => g.level !== 3))
      throw new InvalidReferenceError('gridIds', '网格员只负责三级网格 / a worker works unit grids (level 3)')
  }
}

/** Only a deactivation or a change of role can take an admin away. */
function mayRemoveAnAdmin(changes: UserChanges): boolean {
  return changes.active === false || (changes.role !== undefined && changes.role !== 'admin')
}

export type UsersService = ReturnType<typeof createUsersService>

declare module 'fastify' {
  interface FastifyInstance {
    usersService: UsersService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate(
      'usersService',
      createUsersService(fastify.usersRepository, {
        forgetUser: (id) => fastify.usersRepository.forget(id),
        forgetSession: (sid) => fastify.sessionMemory.forget(sid),
      }),
    )
  },
  { name: 'users-service', dependencies: ['users-repository', 'sessions'] },
)

import type { Kysely } from 'kysely'
import { CHINA_2026 } from '@wangge/sla'
import { CATEGORIES, DEMO_ACCOUNTS, DEMO_PASSWORD, DEPARTMENTS } from '@wangge/seed'
import type { Database } from '../db/database-schema.ts'
import { hashPassword } from '../plugins/app/accounts/password.ts'
import { seedGridStaff } from './seed-grid-staff.ts'

/** The reference departments, added when missing (existing ones are left as they are). */
export async function seedDepartments(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('departments')
    .values(DEPARTMENTS.map((d) => ({ code: d.code, name: d.name, name_en: d.nameEn })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()
}

/** The categories of the standard's groups with their departments and limits, added when missing. */
export async function seedCategories(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const departments = new Map(
      (await tx.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.code, d.id]),
    )
    for (const group of CATEGORIES) {
      await tx
        .insertInto('categories')
        .values({ code: group.code, kind: group.kind, name: group.name, name_en: group.nameEn, parent_id: null })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute()
      const parent = await tx
        .selectFrom('categories')
        .select('id')
        .where('code', '=', group.code)
        .executeTakeFirstOrThrow()
      await tx
        .insertInto('categories')
        .values(
          group.children.map((c) => ({
            code: c.code,
            kind: group.kind,
            name: c.name,
            name_en: c.nameEn,
            parent_id: parent.id,
            default_department_id: departments.get(c.department) ?? null,
            dispatch_limit_hours: c.dispatchHours,
            handling_limit_unit: c.handling.unit,
            handling_limit_amount: c.handling.amount,
          })),
        )
        .onConflict((oc) => oc.column('code').doNothing())
        .execute()
    }
  })
}

/** The 2026 national holidays and make-up working days, when that year has no rows yet. */
export async function seedCalendar(db: Kysely<Database>): Promise<void> {
  const any2026 = await db
    .selectFrom('calendar_days')
    .select('day')
    .where('day', '>=', '2026-01-01')
    .where('day', '<=', '2026-12-31')
    .limit(1)
    .executeTakeFirst()
  if (any2026) return
  await db
    .insertInto('calendar_days')
    .values(CHINA_2026.map((d) => ({ day: d.date, working: d.working, note: d.note ?? '' })))
    .execute()
}

/**
 * One demo account per role and the street's staff (a worker per unit grid, a handler per department:
 * seed-grid-staff.ts), in one transaction; only into an empty users table. Returns how many accounts it created.
 */
export async function seedDemoAccounts(db: Kysely<Database>): Promise<number | 'kept'> {
  const anyone = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return 'kept'
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction().execute(async (tx) => {
    for (const account of DEMO_ACCOUNTS) {
      const department = account.department
        ? await tx
            .selectFrom('departments')
            .select('id')
            .where('code', '=', account.department)
            .executeTakeFirstOrThrow()
        : undefined
      const { id } = await tx
        .insertInto('users')
        .values({
          name: account.name,
          phone: account.phone,
          password_hash: passwordHash,
          role: account.role,
          department_id: department?.id ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const grids =
        account.grids === '*communities'
          ? tx.selectFrom('grids').select('id').where('level', '=', 1)
          : tx
              .selectFrom('grids')
              .select('id')
              .where('code', 'in', account.grids.length ? [...account.grids] : [''])
      const gridIds = (await grids.execute()).map((g) => g.id)
      if (gridIds.length)
        await tx
          .insertInto('user_grids')
          .values(gridIds.map((grid_id) => ({ user_id: id, grid_id })))
          .execute()
    }
    return DEMO_ACCOUNTS.length + (await seedGridStaff(tx, passwordHash))
  })
}

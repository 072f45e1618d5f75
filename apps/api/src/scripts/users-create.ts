import { parseArgs } from 'node:util'
import { isMobilePhone, isRole } from '@wangge/accounts'
import { AppError } from '../errors.ts'
import { withDatabase } from '../db/prepare-database.ts'
import { createUserRecords } from '../plugins/app/accounts/users-repository.ts'
import { createUsersService } from '../plugins/app/accounts/users-service.ts'
import { requireDatabaseUrl } from './database-url.ts'

// pnpm users:create --role ROLE --phone PHONE --password PASSWORD [--grid CODE ...] [--department CODE] [--name NAME]
// Creates the account, or updates it (role, grids, department, name, password) when the phone exists: a fresh
// production install gets its first admin this way, and scripts can provision staff.
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    phone: { type: 'string' },
    password: { type: 'string' },
    grid: { type: 'string', multiple: true, default: [] },
    department: { type: 'string' },
    name: { type: 'string' },
  },
})
const fail = (message: string): never => {
  console.error(message)
  console.error(
    '用法 / usage: pnpm users:create --role ROLE --phone PHONE --password PASSWORD [--grid CODE ...] [--department CODE] [--name NAME]',
  )
  process.exit(2)
}
const role = isRole(values.role)
  ? values.role
  : fail(`--role must be one of worker, supervisor, handler, manager, admin`)
const phone =
  values.phone && isMobilePhone(values.phone) ? values.phone : fail('--phone must be a mainland mobile number')
// The password policy (@wangge/accounts) is the service's to check, as for the API.
const password = values.password ? values.password : fail('--password is required')
const actor = { id: null, address: 'cli' }

try {
  const user = await withDatabase(requireDatabaseUrl(), async (db) => {
    const grids = values.grid.length
      ? await db.selectFrom('grids').select(['id', 'code']).where('code', 'in', values.grid).execute()
      : []
    const unknown = values.grid.filter((code) => !grids.some((g) => g.code === code))
    if (unknown.length) fail(`unknown grid codes: ${unknown.join(', ')}`)
    const department = values.department
      ? await db.selectFrom('departments').select('id').where('code', '=', values.department).executeTakeFirst()
      : undefined
    if (values.department && !department) fail(`unknown department code: ${values.department}`)
    // A script keeps nothing in memory; running servers hear of the change from the database.
    const users = createUsersService(createUserRecords(db), {
      forgetUser: () => undefined,
      forgetSession: () => undefined,
    })
    const assignment = { role, gridIds: grids.map((g) => g.id), departmentId: department?.id ?? null }
    const existing = await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst()
    if (!existing) return users.create({ ...assignment, phone, password, name: values.name ?? phone }, actor)
    return users.update(
      existing.id,
      { ...assignment, active: true, ...(values.name ? { name: values.name } : {}) },
      actor,
      { newPassword: password },
    )
  })
  console.log(
    `${user.role} ${user.name} (${user.phone}) — grids: ${user.grids.map((g) => g.code).join(', ') || '—'}; department: ${user.department?.name ?? '—'}`,
  )
} catch (err) {
  if (!(err instanceof AppError)) throw err
  console.error(err.message)
  process.exit(1)
}

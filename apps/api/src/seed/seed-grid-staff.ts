import { sql, type Kysely } from 'kysely'
import { DEMO_ACCOUNTS, gridStaff } from '@wangge/seed'
import type { Database } from '../db/database-schema.ts'

/**
 * The street's grid workers and department handlers beyond the demo accounts (@wangge/seed's gridStaff), in one
 * statement with the password hash the demo accounts got: ~1,370 accounts cost one insert, not 1,370 hashes.
 * Returns how many were created.
 */
export async function seedGridStaff(tx: Kysely<Database>, passwordHash: string): Promise<number> {
  const cells = await tx.selectFrom('grids').select('code').where('level', '=', 3).orderBy('code').execute()
  const staff = gridStaff(
    cells.map((c) => c.code),
    {
      workerGrids: DEMO_ACCOUNTS.filter((a) => a.role === 'worker' && a.grids !== '*communities').flatMap(
        (a) => a.grids as readonly string[],
      ),
      handlerDepartments: DEMO_ACCOUNTS.flatMap((a) => (a.role === 'handler' && a.department ? [a.department] : [])),
    },
  )
  if (staff.length === 0) return 0
  const { rows } = await sql<{ n: number }>`
    with staff as (
      select * from json_to_recordset(${JSON.stringify(staff)}::json) as s(phone text, name text, role text, grid text, department text)
    ), created as (
      insert into users (name, phone, password_hash, role, department_id)
      select s.name, s.phone, ${passwordHash}, s.role, d.id from staff s left join departments d on d.code = s.department
      returning id, phone
    ), scoped as (
      insert into user_grids (user_id, grid_id)
      select c.id, g.id from created c join staff s on s.phone = c.phone join grids g on g.code = s.grid
    )
    select count(*)::int n from created`.execute(tx)
  return rows[0]!.n
}

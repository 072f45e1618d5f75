import { sql, type Expression, type Kysely } from 'kysely'
import type { Role } from '@wangge/accounts'
import type { Database } from '../../../db/database-schema.ts'
import { shanghaiIsoToSecond } from '../../../db/shanghai-time.ts'

/** A user as the users API shows them (the phone is masked later, by who is looking). */
export interface UserView {
  id: number
  name: string
  phone: string
  role: Role
  department: { id: number; code: string; name: string } | null
  grids: { id: number; code: string; level: 1 | 2 | 3; name: string }[]
  active: boolean
  createdAt: string
}

/** The select list of a UserView over `users as u`: one query, grids and department included. */
export function selectUserView(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.name',
      'u.phone',
      'u.role',
      'u.active',
      shanghaiIsoToSecond('u.created_at').as('createdAt'),
      sql<
        UserView['department']
      >`(select json_build_object('id', d.id, 'code', d.code, 'name', d.name) from departments d where d.id = u.department_id)`.as(
        'department',
      ),
      gridsOf(eb.ref('u.id')).as('grids'),
    ])
}

function gridsOf(userId: Expression<number>) {
  return sql<UserView['grids']>`(
    select coalesce(json_agg(json_build_object('id', g.id, 'code', g.code, 'level', g.level, 'name', g.name) order by g.code), '[]'::json)
    from user_grids ug join grids g on g.id = ug.grid_id where ug.user_id = ${userId})`
}

import { sql, type Kysely } from 'kysely'
import type { Register } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { inRegistryScope, visibleFocusCategory, visibleTags } from './registry-scope.ts'

const CEILING = 200_000

/**
 * A register's rows in the user's scope (or one grid of it) for an export, in the template's column order. Numbers
 * leave masked, as lists show them: a file travels further than a screen, and the whole number is a reveal's
 * business, one record at a time.
 */
export async function registerExportRows(
  db: Kysely<Database>,
  user: SignedInUser,
  register: Register,
  gridId: number | undefined,
): Promise<(string | number | null)[][]> {
  const inGrid = (t: string) =>
    gridId === undefined
      ? sql`true`
      : sql`(${sql.ref(`${t}.grid_l3_id`)} = ${gridId} or ${sql.ref(`${t}.grid_l2_id`)} = ${gridId} or ${sql.ref(`${t}.grid_l1_id`)} = ${gridId})`
  const query =
    register === 'residents'
      ? sql`select r.name, r.id_number_masked, r.phone_masked, case when r.hukou_here then '是' else '否' end,
          h.address, r.relation, array_to_string(${visibleTags(user)}, '、'), ${visibleFocusCategory(user)}
          from registry.residents r left join registry.houses h on h.id = r.house_id
          where ${inRegistryScope(user, 'r')} and ${inGrid('r')} order by r.id limit ${CEILING}`
      : register === 'houses'
        ? sql`select h.address, b.address, h.unit, h.floor, h.number, h.use, h.area_m2::float8, h.occupancy
            from registry.houses h join registry.buildings b on b.id = h.building_id
            where ${inRegistryScope(user, 'h')} and ${inGrid('h')} order by h.id limit ${CEILING}`
        : sql`select o.name, o.kind, o.credit_code, o.address, o.contact_name, o.contact_phone_masked
            from registry.organisations o
            where ${inRegistryScope(user, 'o')} and ${inGrid('o')} order by o.id limit ${CEILING}`
  const result = await query.execute(db)
  return result.rows.map((row) => Object.values(row as Record<string, string | number | null>))
}

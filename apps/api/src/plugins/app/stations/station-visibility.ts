import { sql, type Expression, type SqlBool } from 'kysely'
import { gridWithinScope, scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/**
 * Which stations a user may read: managers and admins every station; supervisors those of grids in their scope
 * (a community supervisor sees the community's work station and its areas' stations). Workers and handlers are
 * refused by the routes before any query; here they see nothing, so a forgotten check still leaks nothing.
 */
export function stationRowVisibleTo(user: SignedInUser, alias = 's'): Expression<SqlBool> {
  if (user.role === 'worker' || user.role === 'handler') return sql<SqlBool>`false`
  return gridWithinScope(scopeOf(user), sql.ref<number>(`${alias}.grid_id`))
}

import { sql, type Expression, type SqlBool } from 'kysely'
import { gridWithinScope, scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/**
 * Which incidents a user may read: street-wide roles all; workers and supervisors those in their grids' subtrees
 * plus those they reported or are assigned; handlers those dispatched to their department. Every incident query
 * filters through this, so an incident outside it answers 404.
 */
export function incidentVisibleTo(
  user: SignedInUser,
  incident: {
    gridL3: Expression<number>
    reporter: Expression<number>
    assigneeUser: Expression<number | null>
    assigneeDepartment: Expression<number | null>
  },
): Expression<SqlBool> {
  const scope = scopeOf(user)
  if (scope.streetWide) return sql<SqlBool>`true`
  if (user.role === 'handler')
    return user.department ? sql<SqlBool>`${incident.assigneeDepartment} = ${user.department.id}` : sql<SqlBool>`false`
  return sql<SqlBool>`(${gridWithinScope(scope, incident.gridL3)} or ${incident.reporter} = ${user.id} or ${incident.assigneeUser} = ${user.id})`
}

/** The same rule over a row of `incidents` under an alias ('i' by default), as every incident query names it. */
export function incidentRowVisibleTo(user: SignedInUser, alias = 'i'): Expression<SqlBool> {
  const column = (name: string) => sql.ref<number>(`${alias}.${name}`)
  return incidentVisibleTo(user, {
    gridL3: column('grid_l3_id'),
    reporter: column('reporter_id'),
    assigneeUser: column('assignee_user_id'),
    assigneeDepartment: column('assignee_department_id'),
  })
}

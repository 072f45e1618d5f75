import { sql, type Expression, type SqlBool } from 'kysely'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/** The grid chain every incident stores: its unit grid (l3), that grid's area (l2) and community (l1). */
interface IncidentGridChain {
  gridL1: Expression<number>
  gridL2: Expression<number>
  gridL3: Expression<number>
}

/**
 * True when the incident lies in the subtree of one of `rootIds` (grids of any level): one of them is its unit grid,
 * area or community. Written over the stored chain, each a column with its own (grid_lN_id, id) index, rather than
 * by walking the grid tree from the unit grid (an `exists` over `grids`): the planner estimates the columns from
 * their statistics and can read, intersect or walk their indexes, where the walk was a per-row filter it took to
 * keep half the table. At a million cases a one-community supervisor's search for 井盖 intersects the bigram index
 * with the community's; the grid import keeps the chain in step with the tree (grids/incident-chains.ts).
 */
export function incidentInGridSubtrees(chain: IncidentGridChain, rootIds: readonly number[]): Expression<SqlBool> {
  if (rootIds.length === 0) return sql<SqlBool>`false`
  const roots = sql`${[...rootIds]}::int[]`
  return sql<SqlBool>`(${chain.gridL1} = any(${roots}) or ${chain.gridL2} = any(${roots}) or ${chain.gridL3} = any(${roots}))`
}

/**
 * Which incidents a user may read: street-wide roles all; workers and supervisors those in their grids' subtrees
 * plus those they reported or are assigned; handlers those dispatched to their department. Every incident query
 * filters through this, so an incident outside it answers 404.
 */
export function incidentVisibleTo(
  user: SignedInUser,
  incident: IncidentGridChain & {
    reporter: Expression<number>
    assigneeUser: Expression<number | null>
    assigneeDepartment: Expression<number | null>
  },
): Expression<SqlBool> {
  const scope = scopeOf(user)
  if (scope.streetWide) return sql<SqlBool>`true`
  if (user.role === 'handler')
    return user.department ? sql<SqlBool>`${incident.assigneeDepartment} = ${user.department.id}` : sql<SqlBool>`false`
  return sql<SqlBool>`(${incidentInGridSubtrees(incident, scope.rootIds)} or ${incident.reporter} = ${user.id} or ${incident.assigneeUser} = ${user.id})`
}

/** The same rule over a row of `incidents` under an alias ('i' by default), as every incident query names it. */
export function incidentRowVisibleTo(user: SignedInUser, alias = 'i'): Expression<SqlBool> {
  return incidentVisibleTo(user, {
    ...incidentRowChain(alias),
    reporter: sql.ref<number>(`${alias}.reporter_id`),
    assigneeUser: sql.ref<number>(`${alias}.assignee_user_id`),
    assigneeDepartment: sql.ref<number>(`${alias}.assignee_department_id`),
  })
}

/** The grid chain columns of a row of `incidents` under an alias. */
export function incidentRowChain(alias = 'i'): IncidentGridChain {
  return {
    gridL1: sql.ref<number>(`${alias}.grid_l1_id`),
    gridL2: sql.ref<number>(`${alias}.grid_l2_id`),
    gridL3: sql.ref<number>(`${alias}.grid_l3_id`),
  }
}

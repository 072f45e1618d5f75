import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/** The grid chain every incident stores: its unit grid (l3), that grid's area (l2) and community (l1). */
interface IncidentGridChain {
  gridL1: Expression<number>
  gridL2: Expression<number>
  gridL3: Expression<number>
}

/** A grid whose subtree counts, with its level: the chain column that holds it. */
export interface SubtreeRoot {
  id: number
  level: number
}

/**
 * True when the incident lies in the subtree of one of `roots` (grids of any level): an incident lies under grid G
 * exactly when the chain column of G's level holds G. Written over the stored chain, each column with its own
 * (grid_lN_id, id) index, rather than by walking the grid tree from the unit grid (an `exists` over `grids`), and
 * one column per level present, not all three for every root: `grid_l1_id = any(g) or grid_l2_id = any(g) or
 * grid_l3_id = any(g)` kept the planner walking the primary key backwards through every case (1,260 ms at a city's
 * million cases for a unit grid with none) where `grid_l3_id = any(g)` alone took 0.13 ms. The grid import keeps
 * the chain in step with the tree (grids/incident-chains.ts).
 */
export function incidentInGridSubtrees(chain: IncidentGridChain, roots: readonly SubtreeRoot[]): Expression<SqlBool> {
  const columns = [chain.gridL1, chain.gridL2, chain.gridL3]
  const tests = [1, 2, 3].flatMap((level) => {
    const ids = roots.filter((r) => r.level === level).map((r) => r.id)
    if (ids.length === 0) return []
    // One grid (a supervisor's community, a worker's unit grid, the list's grid filter) as plain equality: then the
    // (grid_lN_id, id) index hands its cases over newest first and a page stops early. PostgreSQL 15 gives no order
    // from `= any(array)`, even of one element: a community's newest 50 of one category group sorted all its 14,000
    // cases (118–270 ms at ten million), or walked the primary key (9 s), where equality read 581 rows (12.5 ms).
    if (ids.length === 1) return [sql<SqlBool>`${columns[level - 1]!} = ${ids[0]!}::int`]
    return [sql<SqlBool>`${columns[level - 1]!} = any(${ids}::int[])`]
  })
  if (tests.length === 0) return sql<SqlBool>`false`
  return sql<SqlBool>`(${sql.join(tests, sql` or `)})`
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
  return sql<SqlBool>`(${incidentInGridSubtrees(incident, user.grids)} or ${incident.reporter} = ${user.id} or ${incident.assigneeUser} = ${user.id})`
}

/** One way a case reaches a worker or supervisor, as a page of the case list reads it. */
export interface VisibilityBranch {
  condition: Expression<SqlBool>
  /**
   * The column whose (column, id) index lists the branch's cases newest first, when the condition holds it to one
   * value; the page orders by it before the id. The condition then says "between v and v", not "= v": PostgreSQL
   * drops a column it knows to be constant from the order, and then ordering by the id alone, the planner may walk
   * the primary key instead, expecting the branch's cases among the newest. A reporter whose 64,000 cases lay behind
   * 900,000 newer ones cost 711–897 ms that way (pnpm bench incident-list), one with none read the whole table (2.6 s
   * at ten million); through their index, 0.5 ms.
   */
  orderedBy: RawBuilder<unknown> | null
}

/**
 * The rule over a row as the conditions it is the OR of, for a query that wants only the newest few (the case
 * list's page): each branch taken newest first on its own and the union's newest kept. One OR over a community, the
 * cases its supervisor reported and those assigned to them is estimated as common, so the planner walked the primary
 * key newest first and filtered; with a rarer filter (a category group) that walk read millions of rows (898 ms at ten
 * million cases), where each branch alone finds its own index. Null when the rule is one condition already.
 */
export function incidentRowVisibilityBranches(user: SignedInUser, alias = 'i'): VisibilityBranch[] | null {
  if (scopeOf(user).streetWide || user.role === 'handler') return null
  const oneValue = (column: string, value: number): VisibilityBranch => {
    const ref = sql.ref(`${alias}.${column}`)
    return { condition: sql<SqlBool>`${ref} between ${value}::int and ${value}::int`, orderedBy: ref }
  }
  const only = user.grids.length === 1 ? user.grids[0]! : null
  return [
    only
      ? oneValue(`grid_l${only.level}_id`, only.id)
      : { condition: incidentInGridSubtrees(incidentRowChain(alias), user.grids), orderedBy: null },
    oneValue('reporter_id', user.id),
    oneValue('assignee_user_id', user.id),
  ]
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

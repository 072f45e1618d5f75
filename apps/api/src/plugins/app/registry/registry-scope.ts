import { sql, type Expression, type RawBuilder } from 'kysely'
import { canSeeFocusPeople } from '@wangge/accounts'
import { FOCUS_TAG } from '@wangge/contract'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/**
 * Whether a registry row (alias `table`, with its grid chain) lies in the user's scope: workers their unit grids,
 * supervisors their subtrees, managers and admins the street. Every registry read goes through it, so a record
 * outside the scope is simply not found (404), never refused in a way that says it exists.
 */
export function inRegistryScope(user: Pick<SignedInUser, 'role' | 'grids'>, table: string): RawBuilder<boolean> {
  const t = (column: string) => sql.ref<number>(`${table}.${column}`)
  return chainInScope(user, t('grid_l1_id'), t('grid_l2_id'), t('grid_l3_id'))
}

/** The same for a grid chain given as three expressions (a unit grid and its parents). */
export function chainInScope(
  user: Pick<SignedInUser, 'role' | 'grids'>,
  l1: Expression<number>,
  l2: Expression<number>,
  l3: Expression<number>,
): RawBuilder<boolean> {
  const scope = scopeOf(user)
  if (scope.streetWide) return sql<boolean>`true`
  if (scope.rootIds.length === 0) return sql<boolean>`false`
  const roots = sql`${[...scope.rootIds]}::int[]`
  return sql<boolean>`(${l3} = any(${roots}) or ${l2} = any(${roots}) or ${l1} = any(${roots}))`
}

/** The resident's tags as the user may read them: 重点人员 only for the roles granted it. */
export function visibleTags(user: Pick<SignedInUser, 'role'>, table = 'r'): RawBuilder<string[]> {
  const t = sql.table(table)
  return canSeeFocusPeople(user.role)
    ? sql<string[]>`${t}.tags`
    : sql<string[]>`array_remove(${t}.tags, ${FOCUS_TAG}::text)`
}

export function visibleFocusCategory(user: Pick<SignedInUser, 'role'>, table = 'r'): RawBuilder<string | null> {
  return canSeeFocusPeople(user.role) ? sql<string | null>`${sql.table(table)}.focus_category` : sql<null>`null::text`
}

import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import { hasStreetWideScope } from '@wangge/accounts'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from './users-repository.ts'

/**
 * The part of the grid tree a user may see: the whole street, or the subtrees under their grids. Every query
 * that lists or reads grid-bound data filters through `gridWithinScope`, so no route has to remember how.
 */
export interface GridScope {
  streetWide: boolean
  rootIds: readonly number[]
}

export function scopeOf(user: Pick<SignedInUser, 'role' | 'grids'>): GridScope {
  return { streetWide: hasStreetWideScope(user.role), rootIds: user.grids.map((g) => g.id) }
}

/**
 * True when the grid `gridId` lies in the scope: it is a scope root, or its parent or grandparent is (the tree is
 * three levels deep, so two parent hops reach any ancestor).
 */
export function gridWithinScope(scope: GridScope, gridId: Expression<number | null>): Expression<SqlBool> {
  if (scope.streetWide) return sql<SqlBool>`true`
  if (scope.rootIds.length === 0) return sql<SqlBool>`false`
  const roots = sql`${[...scope.rootIds]}::int[]`
  return sql<SqlBool>`exists (
    select 1 from grids scope_g left join grids scope_p on scope_p.id = scope_g.parent_id
    where scope_g.id = ${gridId}
      and (scope_g.id = any(${roots}) or scope_g.parent_id = any(${roots}) or scope_p.parent_id = any(${roots}))
  )`
}

/** Every grid id (all levels) inside the scope, for the map to highlight. */
export async function gridIdsWithinScope(db: Kysely<Database>, scope: GridScope): Promise<number[]> {
  const rows = await db
    .selectFrom('grids as g')
    .select('g.id')
    .where((eb) => gridWithinScope(scope, eb.ref('g.id')))
    .orderBy('g.id')
    .execute()
  return rows.map((r) => r.id)
}

/** True when the user `userId` has a grid inside the scope (how a supervisor's scope reaches people). */
export function userWithinScope(scope: GridScope, userId: Expression<number>): Expression<SqlBool> {
  if (scope.streetWide) return sql<SqlBool>`true`
  return sql<SqlBool>`exists (
    select 1 from user_grids scope_ug where scope_ug.user_id = ${userId} and ${gridWithinScope(scope, sql.ref('scope_ug.grid_id'))}
  )`
}

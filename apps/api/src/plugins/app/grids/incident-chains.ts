import { sql, type Transaction } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'

/**
 * Every incident stores its grid chain (unit grid, area, community), and who may see it is decided on that chain
 * (incident-visibility.ts; the search index's tokens, migration 0017). A grid import may hang a unit grid from
 * another area of its community (its code allows it), and the incidents in it must follow. Both steps run in the
 * import's transaction: `recordGridParents` before the merge, `keepIncidentChainsInStep` after it.
 */
export async function recordGridParents(tx: Transaction<Database>): Promise<void> {
  await sql`create temp table grid_parents_before on commit drop as select id, parent_id from grids`.execute(tx)
}

/**
 * Rewrites the chain of the incidents under a grid the merge moved, found through the moved grids' own indexes
 * (grid_l3_id, grid_l2_id), so an import that moves nothing touches no incident. Returns how many it rewrote.
 */
export async function keepIncidentChainsInStep(tx: Transaction<Database>): Promise<number> {
  const result = await sql`
    with moved as (
      select g.id from grids g join grid_parents_before b on b.id = g.id where g.parent_id is distinct from b.parent_id
    )
    update incidents i set grid_l2_id = g3.parent_id, grid_l1_id = g2.parent_id
    from grids g3 join grids g2 on g2.id = g3.parent_id
    where g3.id = i.grid_l3_id
      and (i.grid_l3_id in (select id from moved) or i.grid_l2_id in (select id from moved))
      and (i.grid_l2_id, i.grid_l1_id) is distinct from (g3.parent_id, g2.parent_id)`.execute(tx)
  return Number(result.numAffectedRows ?? 0)
}

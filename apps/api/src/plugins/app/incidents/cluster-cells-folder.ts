import fp from 'fastify-plugin'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { runInBackground } from '../../../db/background-task.ts'

/** How often the changes are folded into the cells: a read then adds at most a second's changes to them. */
export const FOLD_INTERVAL_MS = 1000

/** Folds between two vacuums of the changes' table (see below). */
const FOLDS_PER_VACUUM = 30

/**
 * Moves the changes to the cluster counts that cases have made since the last fold into the counts per cell
 * (incident_cluster_cells_fold, migration 0079), and returns how many it moved.
 */
export async function foldClusterCells(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ moved: number }>`select incident_cluster_cells_fold() as moved`.execute(db)
  return rows[0]!.moved
}

/**
 * Folds every second. Several API processes may each fold: two folds at once each take the changes the other did
 * not. Each fold leaves its changes' rows dead, thousands a second while a city reports, and the map's read scans the
 * table: it is vacuumed every half minute here, because autovacuum may be off or slow to come. VACUUM (skip_locked)
 * passes over the table while another process vacuums it, and only warns where it is not allowed.
 */
export default fp(
  (fastify) => {
    let folds = 0
    runInBackground(fastify, {
      name: 'cluster cells fold',
      intervalMs: FOLD_INTERVAL_MS,
      run: async () => {
        await foldClusterCells(fastify.kysely)
        if (++folds % FOLDS_PER_VACUUM === 0)
          await sql`vacuum (skip_locked) incident_cluster_cell_changes`.execute(fastify.kysely)
      },
    })
  },
  { name: 'cluster-cells-folder', dependencies: ['database'] },
)

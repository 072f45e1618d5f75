import { sql, type Kysely } from 'kysely'

/**
 * Every column that refers to `grids` gets an index, so removing a grid costs index look-ups, not table scans.
 *
 * A grid the import removes is checked against each of its 27 referencing columns (and cascaded on some): the
 * registry's level-1 and level-2 columns, the worker positions' and the routing rules' had no index, so each removed
 * grid scanned the registry's residents, houses, buildings and visits twice over. With the seeded registry (30,000
 * residents), removing two small streets' 451 unit grids took 91 s at a load of 18; with these indexes 1.7 s. A
 * city's tree is re-imported street by street, so removals are not rare there.
 */
const INDEXES: readonly [name: string, table: string, column: string][] = [
  ['residents_grid_l1_idx', 'registry.residents', 'grid_l1_id'],
  ['residents_grid_l2_idx', 'registry.residents', 'grid_l2_id'],
  ['houses_grid_l1_idx', 'registry.houses', 'grid_l1_id'],
  ['houses_grid_l2_idx', 'registry.houses', 'grid_l2_id'],
  ['buildings_grid_l1_idx', 'registry.buildings', 'grid_l1_id'],
  ['buildings_grid_l2_idx', 'registry.buildings', 'grid_l2_id'],
  ['visits_grid_l1_idx', 'registry.visits', 'grid_l1_id'],
  ['visits_grid_l2_idx', 'registry.visits', 'grid_l2_id'],
  ['organisations_grid_l2_idx', 'registry.organisations', 'grid_l2_id'],
  ['worker_positions_grid_l1_idx', 'worker_positions', 'grid_l1_id'],
  ['worker_positions_grid_l2_idx', 'worker_positions', 'grid_l2_id'],
  ['worker_positions_grid_l3_idx', 'worker_positions', 'grid_l3_id'],
  ['routing_rules_grid_idx', 'routing_rules', 'grid_id'],
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, column] of INDEXES) {
    await sql.raw(`create index ${name} on ${table} (${column})`).execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, table] of INDEXES) {
    const schema = table.includes('.') ? `${table.split('.')[0]}.` : ''
    await sql.raw(`drop index ${schema}${name}`).execute(db)
  }
}

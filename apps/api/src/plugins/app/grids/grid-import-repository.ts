import { sql, type Kysely, type Transaction } from 'kysely'
import type { GridFeatureCollection, GridImportChange, GridImportWarning, GridLevel } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import { clipChildrenToParents, deriveParentsFromChildren, snapSliversBetweenSiblings } from './grid-import-repairs.ts'
import { refreshGridShapes } from './grid-shapes.ts'
import { keepIncidentChainsInStep, recordGridParents } from './incident-chains.ts'
import {
  findChildrenOutsideParent,
  findGapsInParents,
  findInvalidGeometries,
  findOverlappingSiblings,
  findRemovedGridsInUse,
} from './grid-tree-checks.ts'

export interface GridImportResult {
  counts: Record<GridLevel, number>
  removed: number
  /** Every grid whose geometry a repair (derive, clip, snap) changed. */
  changes: GridImportChange[]
  warnings: GridImportWarning[]
}

/** Features staged per statement: a city's file is staged in steps the command line can show. */
const STAGE_BATCH = 5000

/**
 * The grid import's SQL, step by step, for gridImportService to run in one `transaction`: stage the tree in a temp
 * table, check it in PostGIS (grid-tree-checks.ts), merge it by code, write the audit row.
 */
export function createGridImportRepository(db: Kysely<Database>) {
  return {
    // The staging table lives until the transaction commits (`on commit drop`): the steps exist only inside one.
    transaction: <T>(work: (tx: GridImportSteps) => Promise<T>): Promise<T> =>
      db.transaction().execute((tx) => work(importSteps(tx))),
  }
}

type GridImportSteps = ReturnType<typeof importSteps>

function importSteps(tx: Transaction<Database>) {
  return {
    stage: (collection: GridFeatureCollection, onStaged?: (done: number) => void) => stage(tx, collection, onStaged),
    invalidGeometries: () => findInvalidGeometries(tx),
    deriveParents: () => deriveParentsFromChildren(tx),
    clipChildren: () => clipChildrenToParents(tx),
    snapSlivers: () => snapSliversBetweenSiblings(tx),
    overlappingSiblings: () => findOverlappingSiblings(tx),
    childrenOutsideParent: () => findChildrenOutsideParent(tx),
    gapsInParents: () => findGapsInParents(tx),
    removedGridsInUse: () => findRemovedGridsInUse(tx),
    merge: () => merge(tx),
    audit: (actor: Actor, entry: AuditEntry) => writeAudit(tx, actor, entry),
  }
}

async function stage(
  tx: Transaction<Database>,
  { features: all }: GridFeatureCollection,
  onStaged?: (done: number) => void,
): Promise<void> {
  await sql`
    create temp table grid_import (
      idx integer primary key, level smallint not null, code text not null, name text not null,
      parent_code text, geom geometry(MultiPolygon, 4326) not null
    ) on commit drop`.execute(tx)
  for (let from = 0; from < all.length; from += STAGE_BATCH) {
    const features = all.slice(from, from + STAGE_BATCH)
    await sql`
      insert into grid_import (idx, level, code, name, parent_code, geom)
      select idx, level, code, name, parent_code, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326))
      from unnest(${features.map((_, i) => from + i)}::int[], ${features.map((f) => f.properties.level)}::smallint[],
        ${features.map((f) => f.properties.code)}::text[], ${features.map((f) => f.properties.name)}::text[],
        ${features.map((f) => f.properties.parentCode)}::text[], ${features.map((f) => JSON.stringify(f.geometry))}::text[])
        as t(idx, level, code, name, parent_code, geojson)`.execute(tx)
    onStaged?.(from + features.length)
  }
  await sql`create index on grid_import using gist (geom)`.execute(tx)
  // The checks and repairs find a grid's children by parent_code and parents by code: without these, each parent's
  // look-up reads the whole staged tree (quadratic at a city's 100,000 grids).
  await sql`create index on grid_import (parent_code)`.execute(tx)
  await sql`create index on grid_import (code)`.execute(tx)
  await sql`analyze grid_import`.execute(tx)
}

async function merge(tx: Transaction<Database>): Promise<Pick<GridImportResult, 'counts' | 'removed'>> {
  const counts: Record<GridLevel, number> = { 1: 0, 2: 0, 3: 0 }
  await recordGridParents(tx)
  for (const level of [1, 2, 3] as const) {
    const result = await sql`
      insert into grids (level, code, name, parent_id, geom, area_m2)
      select s.level, s.code, s.name, p.id, s.geom, ST_Area(s.geom::geography)
      from grid_import s left join grids p on p.code = s.parent_code
      where s.level = ${level}
      on conflict (code) do update set
        name = excluded.name, parent_id = excluded.parent_id, geom = excluded.geom, area_m2 = excluded.area_m2, updated_at = now()`.execute(
      tx,
    )
    counts[level] = Number(result.numAffectedRows ?? 0)
  }
  // A unit grid hung from another area takes its incidents' chains along (who may see them depends on it).
  await keepIncidentChainsInStep(tx)
  // Removed only once every surviving grid hangs from its new parent: deleted first, a removed parent's cascade
  // would take surviving children with it, and they would come back under new ids, their incidents left behind.
  const removed =
    await sql`delete from grids g where not exists (select 1 from grid_import s where s.code = g.code)`.execute(tx)
  await refreshGridShapes(tx)
  // The tree and its shapes were just rewritten: the planner's picture of them follows at once, autovacuum or not.
  // Never analyzed, the whole-street layer was planned for one row (a nested loop) and ran 10 ms instead of 4.4.
  await sql`analyze grids`.execute(tx)
  await sql`analyze grid_shapes`.execute(tx)
  return { counts, removed: Number(removed.numAffectedRows ?? 0) }
}

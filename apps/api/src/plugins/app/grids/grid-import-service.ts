import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely, type Transaction } from 'kysely'
import { findStructuralProblems, type GridFeatureCollection, type GridLevel } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { GridsInUseError, GridTreeRejectedError } from '../../../errors.ts'
import { refreshGridShapes } from './grid-shapes.ts'
import { writeAudit, type Actor } from '../audit/audit-log.ts'
import { findChildrenOutsideParent, findGapsInParents, findInvalidGeometries, findOverlappingSiblings, findRemovedGridsInUse } from './grid-tree-checks.ts'

export interface GridImportResult {
  counts: Record<GridLevel, number>
  removed: number
}

/**
 * Replaces the grid tree with an imported one, all or nothing: the tree is staged in a temp table, checked in
 * PostGIS, and only then merged by code — a grid whose code survives keeps its id, so data bound to it stays bound,
 * and a grid that data is still bound to is never removed (409 GRIDS_IN_USE).
 */
export function createGridImportService(db: Kysely<Database>) {
  return {
    async replaceTree(collection: GridFeatureCollection, actor: Actor): Promise<GridImportResult> {
      const structural = findStructuralProblems(collection.features)
      if (structural.length > 0) throw new GridTreeRejectedError(structural)
      return db.transaction().execute(async (tx) => {
        await stage(tx, collection)
        const invalid = await findInvalidGeometries(tx)
        // Overlap and containment tests on invalid geometry are meaningless (GEOS may even throw): stop here.
        if (invalid.length > 0) throw new GridTreeRejectedError(invalid)
        const spatial = [
          ...(await findOverlappingSiblings(tx)),
          ...(await findChildrenOutsideParent(tx)),
          ...(await findGapsInParents(tx)),
        ].sort((a, b) => (a.featureIndex ?? -1) - (b.featureIndex ?? -1))
        if (spatial.length > 0) throw new GridTreeRejectedError(spatial)
        const inUse = await findRemovedGridsInUse(tx)
        if (inUse.length > 0) throw new GridsInUseError(inUse)
        const result = await merge(tx)
        await writeAudit(tx, actor, { action: 'grids.import', entity: 'grid_tree', entityId: null, after: result })
        return result
      })
    },
  }
}

async function stage(tx: Transaction<Database>, { features }: GridFeatureCollection): Promise<void> {
  await sql`
    create temp table grid_import (
      idx integer primary key, level smallint not null, code text not null, name text not null,
      parent_code text, geom geometry(MultiPolygon, 4326) not null
    ) on commit drop`.execute(tx)
  await sql`
    insert into grid_import (idx, level, code, name, parent_code, geom)
    select idx, level, code, name, parent_code, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326))
    from unnest(${features.map((_, i) => i)}::int[], ${features.map((f) => f.properties.level)}::smallint[],
      ${features.map((f) => f.properties.code)}::text[], ${features.map((f) => f.properties.name)}::text[],
      ${features.map((f) => f.properties.parentCode)}::text[], ${features.map((f) => JSON.stringify(f.geometry))}::text[])
      as t(idx, level, code, name, parent_code, geojson)`.execute(tx)
  await sql`create index on grid_import using gist (geom)`.execute(tx)
  await sql`analyze grid_import`.execute(tx)
}

async function merge(tx: Transaction<Database>): Promise<GridImportResult> {
  const counts: Record<GridLevel, number> = { 1: 0, 2: 0, 3: 0 }
  for (const level of [1, 2, 3] as const) {
    const result = await sql`
      insert into grids (level, code, name, parent_id, geom, area_m2)
      select s.level, s.code, s.name, p.id, s.geom, ST_Area(s.geom::geography)
      from grid_import s left join grids p on p.code = s.parent_code
      where s.level = ${level}
      on conflict (code) do update set
        name = excluded.name, parent_id = excluded.parent_id, geom = excluded.geom, area_m2 = excluded.area_m2, updated_at = now()`.execute(tx)
    counts[level] = Number(result.numAffectedRows ?? 0)
  }
  // Removed only once every surviving grid hangs from its new parent: deleted first, a removed parent's cascade
  // would take surviving children with it, and they would come back under new ids, their incidents left behind.
  const removed = await sql`delete from grids g where not exists (select 1 from grid_import s where s.code = g.code)`.execute(tx)
  await refreshGridShapes(tx)
  // The tree and its shapes were just rewritten: the planner's picture of them follows at once, autovacuum or not.
  // Never analyzed, the whole-street layer was planned for one row (a nested loop) and ran 10 ms instead of 4.4.
  await sql`analyze grids`.execute(tx)
  await sql`analyze grid_shapes`.execute(tx)
  return { counts, removed: Number(removed.numAffectedRows ?? 0) }
}

export type GridImportService = ReturnType<typeof createGridImportService>

declare module 'fastify' {
  interface FastifyInstance {
    gridImportService: GridImportService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('gridImportService', createGridImportService(fastify.kysely))
  },
  { name: 'grid-import-service', dependencies: ['database'] },
)

import { sql, type Kysely, type Transaction } from 'kysely'
import { coordinatePrecisionForZoom, shapeZoomFor, SHAPE_ZOOMS, simplifyToleranceForZoom, type GridLevel } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { envelope, type BBox } from '../../../db/postgis.ts'

const zooms = Array.from({ length: SHAPE_ZOOMS.max - SHAPE_ZOOMS.min + 1 }, (_, i) => SHAPE_ZOOMS.min + i)

/** Rebuilds every grid's pre-simplified feature for every shape zoom; runs in the transaction that changed the tree. */
export async function refreshGridShapes(tx: Transaction<Database>): Promise<void> {
  await sql`delete from grid_shapes`.execute(tx)
  await sql`
    insert into grid_shapes (zoom, grid_id, feature)
    select z.zoom, g.id, json_build_object(
      'type', 'Feature',
      'id', g.id,
      'properties', json_build_object('id', g.id, 'code', g.code, 'level', g.level, 'name', g.name, 'parentId', g.parent_id),
      'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(g.geom, z.tolerance), z.digits)::json
    )::text
    from grids g
    cross join unnest(${zooms}::int[], ${zooms.map(simplifyToleranceForZoom)}::float8[], ${zooms.map(coordinatePrecisionForZoom)}::int[])
      as z(zoom, tolerance, digits)`.execute(tx)
}

/** The layer for a viewport from the ready shapes, as GeoJSON text. */
export async function shapesLayer(
  db: Kysely<Database>,
  { level, zoom, parentId, bbox }: { level: GridLevel; zoom: number; parentId?: number | undefined; bbox?: BBox | undefined },
): Promise<string> {
  const features = db
    .selectFrom('grid_shapes as s')
    .innerJoin('grids as g', 'g.id', 's.grid_id')
    .select(['s.feature', 'g.code'])
    .where('s.zoom', '=', shapeZoomFor(zoom))
    .where('g.level', '=', level)
    .$if(parentId !== undefined, (q) => q.where('g.parent_id', '=', parentId!))
    .$if(bbox !== undefined, (q) => q.where(sql<boolean>`g.geom && ${envelope(bbox!)}`))
  const { rows: [row] } = await sql<{ collection: string }>`
    select '{"type":"FeatureCollection","features":[' || coalesce(string_agg(f.feature, ',' order by f.code), '') || ']}' as collection
    from (${features}) f`.execute(db)
  return row!.collection
}

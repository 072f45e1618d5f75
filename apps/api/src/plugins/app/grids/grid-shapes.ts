import { sql, type Kysely, type Transaction } from 'kysely'
import { shapeZoomFor, SHAPE_ZOOMS, type GridLevel } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { envelope, type BBox } from '../../../db/postgis.ts'

/** Rebuilds every grid's pre-simplified features (migration 0002); runs in the transaction that changed the tree. */
export async function refreshGridShapes(tx: Transaction<Database>): Promise<void> {
  await sql`select refresh_grid_shapes(${SHAPE_ZOOMS.min}::int, ${SHAPE_ZOOMS.max}::int)`.execute(tx)
}

/** The layer for a viewport from the ready shapes, as GeoJSON text. */
export async function shapesLayer(
  db: Kysely<Database>,
  {
    level,
    zoom,
    parentId,
    bbox,
  }: { level: GridLevel; zoom: number; parentId?: number | undefined; bbox?: BBox | undefined },
): Promise<string> {
  const features = db
    .selectFrom('grid_shapes as s')
    .innerJoin('grids as g', 'g.id', 's.grid_id')
    .select(['s.feature', 'g.code'])
    .where('s.zoom', '=', shapeZoomFor(zoom))
    .where('g.level', '=', level)
    .$if(parentId !== undefined, (q) => q.where('g.parent_id', '=', parentId!))
    .$if(bbox !== undefined, (q) => q.where(sql<boolean>`g.geom && ${envelope(bbox!)}`))
  const {
    rows: [row],
  } = await sql<{ collection: string }>`
    select '{"type":"FeatureCollection","features":[' || coalesce(string_agg(f.feature, ',' order by f.code), '') || ']}' as collection
    from (${features}) f`.execute(db)
  return row!.collection
}

import { sql, type Kysely } from 'kysely'
import { levelForZoom } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { envelope } from '../../../db/postgis.ts'
import { TILE_BUFFER, TILE_EXTENT, tileBoundsWithBuffer, type TileAddress } from './tile-address.ts'

/** The layer's name inside every grid tile; the web reads it by this name. */
export const GRID_TILE_LAYER = 'grids'

/**
 * The grids one tile shows: the level the map shows at the tile's zoom (levelForZoom, as the GeoJSON layer's
 * callers choose it), whose boxes touch the tile and its buffer. Both encoders start from this one selection, so
 * a tile holds the same cells whichever database cut it. Properties are what the web colours and labels by: the
 * community colour comes from the code, the scope highlight from the id.
 */
function gridsInTile(db: Kysely<Database>, tile: TileAddress) {
  return db
    .selectFrom('grids as g')
    .select(['g.id', 'g.code', 'g.name', 'g.level', 'g.parent_id as parentId', 'g.geom'])
    .where('g.level', '=', levelForZoom(tile.z))
    .where(sql<boolean>`g.geom && ${envelope(tileBoundsWithBuffer(tile))}`)
}

/** The tile encoded by PostGIS (ST_AsMVT); fails where PostGIS was built without protobuf-c (the embedded one). */
export async function mvtFromPostgis(db: Kysely<Database>, tile: TileAddress): Promise<Buffer> {
  const { z, x, y } = tile
  const {
    rows: [row],
  } = await sql<{ tile: Buffer | null }>`
    select ST_AsMVT(t, ${GRID_TILE_LAYER}, ${TILE_EXTENT}::int, 'geom', 'fid') as tile
    from (
      select f.id as fid, f.id, f.code, f.name, f.level, f."parentId",
        ST_AsMVTGeom(ST_Transform(f.geom, 3857), ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int), ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) as geom
      from (${gridsInTile(db, tile)}) f
    ) t
    where t.geom is not null`.execute(db)
  return row?.tile ?? Buffer.alloc(0)
}

/** The same selection as a GeoJSON FeatureCollection (text), for a tile cut in Node. */
export async function geoJsonForTile(db: Kysely<Database>, tile: TileAddress): Promise<string> {
  const {
    rows: [row],
  } = await sql<{ collection: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', f.id,
      'properties', json_build_object('id', f.id, 'code', f.code, 'name', f.name, 'level', f.level, 'parentId', f."parentId"),
      'geometry', ST_AsGeoJSON(f.geom, 7)::json)), '[]'::json))::text as collection
    from (${gridsInTile(db, tile)}) f`.execute(db)
  return row!.collection
}

/** Can this PostGIS encode MVT? Asked once: the answer is a property of the build, not of the data. */
export async function postgisEncodesMvt(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select ST_AsMVT(t, 'probe') from (select ST_AsMVTGeom(ST_TileEnvelope(0, 0, 0), ST_TileEnvelope(0, 0, 0)) as geom) t`.execute(
      db,
    )
    return true
  } catch (error) {
    // "Missing libprotobuf-c" / "compiled without protobuf-c support": any other failure (the database away) is
    // not an answer, and is thrown so the question is asked again on the next tile.
    if (error instanceof Error && /protobuf/i.test(error.message)) return false
    throw error
  }
}

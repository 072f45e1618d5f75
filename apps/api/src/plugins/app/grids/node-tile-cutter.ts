import geojsonvt from 'geojson-vt'
import vtpbf from 'vt-pbf'
import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from './tile-address.ts'

/**
 * Cuts one MVT tile in Node from the GeoJSON of the grids it shows (grid-tile-sql.ts), for a PostGIS without
 * ST_AsMVT. geojson-vt clips, quantises and simplifies (by 3 of 4,096 units: a fifth of a
 * pixel at 256 px a tile) much as ST_AsMVTGeom does; vt-pbf writes the protobuf.
 * The index holds only this tile's grids and is dropped after the tile: the cache keeps the bytes.
 */
export function cutTile(
  collection: ConstructorParameters<typeof geojsonvt>[0],
  { z, x, y }: TileAddress,
  layer: string,
): Buffer {
  const index = new geojsonvt(collection, {
    maxZoom: z,
    // Split no deeper up front than the root; getTile drills down to this one tile only.
    indexMaxZoom: 0,
    extent: TILE_EXTENT,
    buffer: TILE_BUFFER,
  })
  const tile = index.getTile(z, x, y)
  if (!tile || tile.features.length === 0) return Buffer.alloc(0)
  return Buffer.from(vtpbf.fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT }))
}

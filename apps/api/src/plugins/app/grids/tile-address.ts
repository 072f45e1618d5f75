import type { BBox } from '../../../db/postgis.ts'

/** A Web Mercator tile as Leaflet and every slippy map number it: zoom, column from the west, row from the north. */
export interface TileAddress {
  z: number
  x: number
  y: number
}

/** Coordinates per tile side inside an MVT tile (the format's usual 4,096). */
export const TILE_EXTENT = 4096
/**
 * Coordinates kept beyond each edge: a polygon clipped exactly at the edge would show its clip line as an outline,
 * with a margin the line falls outside the drawn tile.
 */
export const TILE_BUFFER = 64

export function isTileAddress({ z, x, y }: TileAddress): boolean {
  const side = 2 ** z
  return x < side && y < side
}

/** The tile's extent in WGS-84, grown by the buffer, for the `&&` filter that picks the grids it may show. */
export function tileBoundsWithBuffer({ z, x, y }: TileAddress): BBox {
  const margin = TILE_BUFFER / TILE_EXTENT
  const side = 2 ** z
  return [
    Math.max(-180, longitudeAt(x - margin, side)),
    Math.max(-85.06, latitudeAt(y + 1 + margin, side)),
    Math.min(180, longitudeAt(x + 1 + margin, side)),
    Math.min(85.06, latitudeAt(y - margin, side)),
  ]
}

function longitudeAt(column: number, side: number): number {
  return (column / side) * 360 - 180
}

function latitudeAt(row: number, side: number): number {
  const n = Math.PI * (1 - (2 * row) / side)
  return (Math.atan(Math.sinh(n)) * 180) / Math.PI
}

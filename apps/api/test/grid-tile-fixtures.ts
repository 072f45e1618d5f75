import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'

export interface DecodedCell {
  id: number
  code: string
  name: string
  level: number
  /** The cell's outline in WGS-84 as the tile carries it (clipped to the tile and its buffer). */
  geometry: GeoJSON.Geometry
}

/** The tile's `grids` layer as plain cells; an empty body is a tile with no grid in it. */
export function decodeGridTile(body: Buffer, { z, x, y }: { z: number; x: number; y: number }): DecodedCell[] {
  if (body.length === 0) return []
  const layer = new VectorTile(new PbfReader(body)).layers.grids
  if (!layer)
    throw new Error(
      `tile ${z}/${x}/${y} has no grids layer: ${Object.keys(new VectorTile(new PbfReader(body)).layers).join()}`,
    )
  const cells: DecodedCell[] = []
  for (let i = 0; i < layer.length; i++) {
    const feature = layer.feature(i)
    const p = feature.properties
    cells.push({
      id: Number(p.id),
      code: String(p.code),
      name: String(p.name),
      level: Number(p.level),
      geometry: feature.toGeoJSON(x, y, z).geometry,
    })
  }
  return cells
}

/** The tile holding a point at a zoom (Web Mercator, as Leaflet numbers tiles). */
export function tileAt(lng: number, lat: number, z: number): { z: number; x: number; y: number } {
  const side = 2 ** z
  const rad = (lat * Math.PI) / 180
  return {
    z,
    x: Math.floor(((lng + 180) / 360) * side),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * side),
  }
}

/** The tile's own extent (no buffer) as minLng,minLat,maxLng,maxLat. */
export function tileBBox({ z, x, y }: { z: number; x: number; y: number }): [number, number, number, number] {
  const side = 2 ** z
  const lng = (col: number) => (col / side) * 360 - 180
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / side))) * 180) / Math.PI
  return [lng(x), lat(y + 1), lng(x + 1), lat(y)]
}

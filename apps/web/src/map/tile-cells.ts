import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { isGridLevel } from '@wangge/grid'
import type { GridProperties } from '../api/types.ts'

/** The layer the API puts grid cells in (apps/api grid-tile-sql.ts). */
const GRID_LAYER = 'grids'

interface TilePoint {
  x: number
  y: number
}

/** One grid's piece inside one tile: its rings in tile units (0…extent, y down), clipped to the tile and its buffer. */
export interface TileCell {
  grid: GridProperties
  rings: TilePoint[][]
  extent: number
}

/** The cells of a tile's bytes; an empty body (no grid there) is no cells. */
export function decodeTileCells(bytes: ArrayBuffer): TileCell[] {
  if (bytes.byteLength === 0) return []
  const layer = new VectorTile(new PbfReader(new Uint8Array(bytes))).layers[GRID_LAYER]
  if (!layer) return []
  const cells: TileCell[] = []
  for (let i = 0; i < layer.length; i++) {
    const feature = layer.feature(i)
    const p = feature.properties
    const level = Number(p.level)
    if (!isGridLevel(level)) continue
    cells.push({
      grid: {
        id: Number(p.id),
        code: String(p.code),
        name: String(p.name),
        level,
        parentId: p.parentId === undefined ? null : Number(p.parentId),
      },
      rings: feature.loadGeometry().map((ring) => ring.map(({ x, y }) => ({ x, y }))),
      extent: layer.extent,
    })
  }
  return cells
}

/** Whether a point (tile units) is inside a cell: even-odd over all its rings, so holes and islands count right. */
export function cellContains(cell: TileCell, point: TilePoint): boolean {
  let inside = false
  for (const ring of cell.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!
      const b = ring[j]!
      if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x)
        inside = !inside
    }
  }
  return inside
}

/** Twice the signed area and the area-weighted centre sums of a ring (shoelace), for a centre over several pieces. */
export function ringMoments(ring: readonly TilePoint[]): { area: number; cx: number; cy: number } {
  let area = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j]!.x * ring[i]!.y - ring[i]!.x * ring[j]!.y
    area += cross
    cx += (ring[j]!.x + ring[i]!.x) * cross
    cy += (ring[j]!.y + ring[i]!.y) * cross
  }
  return { area, cx, cy }
}

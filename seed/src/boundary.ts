import { cellCount, containsCell, type Region } from './region.ts'

/** A lattice vertex: integer x (east) and y (north) in lattice units. */
export type LatticeVertex = readonly [number, number]

// Directions 0..3 are east, north, west, south: counter-clockwise, so turning left is +1 and right +3 (mod 4).
const SOUTH = 3
const STEP: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
]
// Cells ahead of a vertex, on the left and on the right of the direction of travel, as offsets from the vertex
// (cell (i, j) has its south-west corner at vertex (i, j)).
const LEFT_AHEAD: readonly (readonly [number, number])[] = [
  [0, 0],
  [-1, 0],
  [-1, -1],
  [0, -1],
]
const RIGHT_AHEAD: readonly (readonly [number, number])[] = [
  [0, -1],
  [0, 0],
  [-1, 0],
  [-1, -1],
]

/**
 * The outline of a region as a closed counter-clockwise ring through EVERY lattice vertex on it, starting at the
 * north-west corner of its northern row. Walking every vertex (not only corners) is what makes neighbouring
 * polygons, at any level, share bit-identical edges with no T-junctions.
 */
export function traceBoundary(region: Region): LatticeVertex[] {
  const top = region.rows[region.rows.length - 1]
  if (top === undefined) throw new Error('cannot trace an empty region')
  const start: LatticeVertex = [top.start, region.south + region.rows.length]
  const ring: LatticeVertex[] = [start]
  let [x, y] = start
  let direction = SOUTH
  const limit = 4 * cellCount(region) + 4
  for (let steps = 0; steps < limit; steps++) {
    const [dx, dy] = STEP[direction]!
    x += dx
    y += dy
    ring.push([x, y])
    if (x === start[0] && y === start[1]) {
      assertEnclosesRegion(ring, region)
      return ring
    }
    direction = nextDirection(region, x, y, direction)
  }
  throw new Error('region outline does not close')
}

// With the region kept on the left: go on while the left cell ahead is inside and the right one outside,
// turn left when both are outside, right when both are inside. Left outside and right inside is a pinch.
function nextDirection(region: Region, x: number, y: number, direction: number): number {
  const [lx, ly] = LEFT_AHEAD[direction]!
  const [rx, ry] = RIGHT_AHEAD[direction]!
  const left = containsCell(region, x + lx, y + ly)
  const right = containsCell(region, x + rx, y + ry)
  if (left && !right) return direction
  if (!left && !right) return (direction + 1) % 4
  if (left && right) return (direction + 3) % 4
  throw new Error(`region outline pinches at lattice vertex (${x}, ${y})`)
}

// One ring that encloses exactly the region's cells proves the region is one piece without holes.
function assertEnclosesRegion(ring: readonly LatticeVertex[], region: Region): void {
  let twiceArea = 0
  for (let k = 0; k + 1 < ring.length; k++) {
    const [x0, y0] = ring[k]!
    const [x1, y1] = ring[k + 1]!
    twiceArea += x0 * y1 - x1 * y0
  }
  if (twiceArea !== 2 * cellCount(region)) throw new Error('region is not a single piece without holes')
}

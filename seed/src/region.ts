/**
 * A region is a set of lattice cells that is orthogonally convex and connected: consecutive rows from south to
 * north, each one interval of columns, consecutive rows overlapping. Cell (i, j) covers [i, i+1] × [j, j+1] in
 * lattice units, x growing east and y growing north. An axis-parallel cut of such a region leaves two regions of
 * the same kind, which is what lets every level be cut out of its parent by straight lattice lines.
 */
export interface ColumnInterval {
  readonly start: number
  readonly end: number
}

export interface Region {
  /** Lattice row of `rows[0]`. */
  readonly south: number
  /** rows[k] holds the cells [start, end) of lattice row south + k. */
  readonly rows: readonly ColumnInterval[]
}

export interface RegionBounds {
  west: number
  east: number
  south: number
  north: number
}

export function cellCount(region: Region): number {
  let count = 0
  for (const row of region.rows) count += row.end - row.start
  return count
}

export function boundsOf(region: Region): RegionBounds {
  let west = Infinity
  let east = -Infinity
  for (const row of region.rows) {
    if (row.start < west) west = row.start
    if (row.end > east) east = row.end
  }
  return { west, east, south: region.south, north: region.south + region.rows.length }
}

export function containsCell(region: Region, i: number, j: number): boolean {
  const row = region.rows[j - region.south]
  return row !== undefined && row.start <= i && i < row.end
}

/** The centre of mass of the cells, in lattice units. */
export function centroidOf(region: Region): { x: number; y: number } {
  let sx = 0
  let sy = 0
  let count = 0
  region.rows.forEach((row, k) => {
    const length = row.end - row.start
    sx += (length * (row.start + row.end)) / 2
    sy += length * (region.south + k + 0.5)
    count += length
  })
  return { x: sx / count, y: sy / count }
}

/** Drops empty rows at either end; null when nothing is left or an empty row sits in the middle. */
function trimmed(south: number, rows: readonly ColumnInterval[]): Region | null {
  let first = 0
  let last = rows.length - 1
  while (first <= last && rows[first]!.end <= rows[first]!.start) first++
  while (last >= first && rows[last]!.end <= rows[last]!.start) last--
  if (first > last) return null
  const kept = rows.slice(first, last + 1)
  if (kept.some((row) => row.end <= row.start)) return null
  return { south: south + first, rows: kept }
}

/** The cells west of the lattice line x = column, and those east of it. */
export function splitAtColumn(region: Region, column: number): [Region | null, Region | null] {
  const west = region.rows.map((row) => ({ start: row.start, end: Math.min(row.end, column) }))
  const east = region.rows.map((row) => ({ start: Math.max(row.start, column), end: row.end }))
  return [trimmed(region.south, west), trimmed(region.south, east)]
}

/** The cells north of the lattice line y = line, and those south of it. */
export function splitAtRow(region: Region, line: number): [Region | null, Region | null] {
  const k = line - region.south
  if (k <= 0) return [region, null]
  if (k >= region.rows.length) return [null, region]
  return [
    { south: line, rows: region.rows.slice(k) },
    { south: region.south, rows: region.rows.slice(0, k) },
  ]
}

/** Two regions whose rows follow each other (south below north) as one. */
export function joinRows(south: Region, north: Region): Region {
  if (south.south + south.rows.length !== north.south) throw new Error('regions are not vertically adjacent')
  return { south: south.south, rows: [...south.rows, ...north.rows] }
}

/**
 * Whether the region has no part thinner than two lattice spacings and is one orthogonally convex piece:
 * every row and every column is a single run of at least two cells, and consecutive rows share an edge
 * (so the outline never pinches at a vertex).
 */
export function isWellFormed(region: Region): boolean {
  const { rows } = region
  if (rows.length < 2) return false
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!
    if (row.end - row.start < 2) return false
    const below = rows[k - 1]
    if (below !== undefined && Math.min(below.end, row.end) - Math.max(below.start, row.start) < 1) return false
  }
  const { west, east } = boundsOf(region)
  const first = new Array<number>(east - west).fill(-1)
  const last = new Array<number>(east - west).fill(-1)
  const count = new Array<number>(east - west).fill(0)
  rows.forEach((row, k) => {
    for (let i = row.start; i < row.end; i++) {
      const c = i - west
      if (first[c] === -1) first[c] = k
      last[c] = k
      count[c]! += 1
    }
  })
  for (let c = 0; c < east - west; c++) {
    if (count[c]! < 2 || last[c]! - first[c]! + 1 !== count[c]) return false
  }
  return true
}

import { bestCut, cutLines, wellFormedCut, type CutAxis } from './cut.ts'
import { signedFromHash, hash32 } from './hash.ts'
import { boundsOf, cellCount, joinRows, splitAtColumn, splitAtRow, type Region } from './region.ts'
import { apportion } from './allocate.ts'

/**
 * Recursive bisection into k parts. A cut is a straight lattice line across the region that gives the first piece
 * (west or north) kFirst parts and the second the rest, with kFirst near k/2 and the share of cells within
 * SHARE_TOLERANCE of kFirst/k nudged by up to ±`wobble` (relative) so siblings differ in size. Among those cuts the
 * one whose pieces are closest to compact rectangles wins — which is what cuts an L-shaped street at its inner
 * corner instead of through it. Parts come out in no particular reading order.
 */
export function bisect(region: Region, k: number, salt: number, wobble: number): Region[] {
  if (k === 1) return [region]
  const cut = bestBisection(region, k, salt, wobble)
  return [
    ...bisect(cut.first, cut.kFirst, hash32(salt, 1), wobble),
    ...bisect(cut.second, k - cut.kFirst, hash32(salt, 2), wobble),
  ]
}

const SHARE_TOLERANCE = 0.04
/** Pieces up to this aspect ratio are not penalised for elongation. */
const EASY_ASPECT = 1.6

interface Bisection {
  readonly first: Region
  readonly second: Region
  readonly kFirst: number
}

function bestBisection(region: Region, k: number, salt: number, wobble: number): Bisection {
  const fewest = Math.max(1, Math.floor(k / 3))
  for (const tolerance of [SHARE_TOLERANCE, 2 * SHARE_TOLERANCE, 4 * SHARE_TOLERANCE, 1]) {
    const candidates: { axis: CutAxis; line: number; kFirst: number; cost: number }[] = []
    for (let kFirst = fewest; kFirst <= k - fewest; kFirst++) {
      const target = (kFirst / k) * (1 + wobble * signedFromHash(salt, k, kFirst))
      for (const axis of ['column', 'row'] as const) {
        for (const { line, share } of cutLines(region, axis)) {
          const miss = Math.abs(share - target)
          if (miss > tolerance) continue
          const [first, second] = axis === 'column' ? splitAtColumn(region, line) : splitAtRow(region, line)
          if (first === null || second === null) continue
          const cost = shapeCost(first) + shapeCost(second) + 0.5 * (miss / tolerance)
          candidates.push({ axis, line, kFirst, cost })
        }
      }
    }
    // Ties: columns before rows, then the lower line, then the smaller kFirst — never left to sort stability.
    candidates.sort(
      (a, b) =>
        a.cost - b.cost ||
        (a.axis === b.axis ? 0 : a.axis === 'column' ? -1 : 1) ||
        a.line - b.line ||
        a.kFirst - b.kFirst,
    )
    for (const { axis, line, kFirst } of candidates) {
      const cut = wellFormedCut(region, axis, line)
      if (cut !== null) return { ...cut, kFirst }
    }
  }
  throw new Error(`no well-formed cut of a region of ${cellCount(region)} lattice cells into ${k} parts`)
}

/** 0 for a square; grows as the piece leaves its bounding box empty (an L) or stretches beyond EASY_ASPECT. */
function shapeCost(region: Region): number {
  const { west, east, south, north } = boundsOf(region)
  const width = east - west
  const height = north - south
  const aspect = Math.max(width, height) / Math.min(width, height)
  return (width * height) / cellCount(region) - 1 + 0.6 * Math.max(0, aspect - EASY_ASPECT)
}

/** Relative spread of strip heights and of cell widths within a strip. */
const STRIP_HEIGHT_WOBBLE = 0.2
const CELL_WIDTH_WOBBLE = 0.25
/** A strip holding less than this share of one mean cell is merged into its neighbour. */
const SMALLEST_STRIP = 0.6
/** A strip column shallower than this share of the nominal strip height counts as thin. */
const THIN_STRIP = 0.65

/**
 * n cells in rows: the region is cut into horizontal strips about one mean cell high, the cells are shared
 * among the strips in proportion to their areas, and each strip is cut west to east into its cells. Returns
 * the rows from north to south, each from west to east — which is the reading order of the cells.
 */
export function cellsInRows(region: Region, n: number, salt: number): Region[][] {
  const meanCell = cellCount(region) / n
  const strips = mergeSmallStrips(cutStrips(region, n, meanCell, salt), meanCell)
  const counts = apportion(n, strips.map(cellCount))
  return strips.map((strip, r) => cutStripIntoCells(strip, counts[r]!, hash32(salt, 100 + r)))
}

function cutStrips(region: Region, n: number, meanCell: number, salt: number): Region[] {
  const { south, north } = boundsOf(region)
  const height = north - south
  const stripCount = Math.max(1, Math.min(n, Math.round(height / Math.sqrt(meanCell))))
  const nominal = height / stripCount
  const strips: Region[] = []
  let rest = region
  for (let r = 1; r < stripCount; r++) {
    // Boundaries wobble independently around r·height/R, so no strip is squeezed by its predecessors' wobble.
    const wanted =
      r * nominal + STRIP_HEIGHT_WOBBLE * nominal * signedFromHash(salt, r) - (north - boundsOf(rest).north)
    const isLast = r === stripCount - 1
    const cut = bestStripCut(rest, wanted, nominal, isLast)
    if (cut === null) break
    strips.push(cut.first)
    rest = cut.second
  }
  strips.push(rest)
  return strips
}

/**
 * The row line nearest `wanted` rows below the top of `rest`, avoiding lines that leave a strip with columns far
 * thinner than a strip should be (where the outline jogs, a strip straddling the jog would otherwise breed long,
 * thin cells in its shallow part).
 */
function bestStripCut(
  rest: Region,
  wanted: number,
  nominal: number,
  isLast: boolean,
): { first: Region; second: Region } | null {
  const candidates: { line: number; cost: number }[] = []
  for (const { line, offset } of cutLines(rest, 'row')) {
    const [first, second] = splitAtRow(rest, line)
    if (first === null || second === null) continue
    const thin = thinColumnShare(first, nominal) + (isLast ? thinColumnShare(second, nominal) : 0)
    candidates.push({ line, cost: Math.abs(offset - wanted) / nominal + 3 * thin })
  }
  candidates.sort((a, b) => a.cost - b.cost || b.line - a.line)
  for (const { line } of candidates) {
    const cut = wellFormedCut(rest, 'row', line)
    if (cut !== null) return cut
  }
  return null
}

/** Share of a strip's columns shallower than THIN_STRIP of the nominal strip height. */
function thinColumnShare(strip: Region, nominal: number): number {
  const { west, east } = boundsOf(strip)
  const depth = new Array<number>(east - west).fill(0)
  for (const row of strip.rows) for (let i = row.start; i < row.end; i++) depth[i - west]! += 1
  return depth.filter((d) => d < THIN_STRIP * nominal).length / depth.length
}

function mergeSmallStrips(strips: Region[], meanCell: number): Region[] {
  const merged = [...strips]
  for (;;) {
    const small = merged.findIndex((strip) => cellCount(strip) < SMALLEST_STRIP * meanCell)
    if (small === -1 || merged.length === 1) return merged
    const above = merged[small - 1]
    const below = merged[small + 1]
    const intoAbove = below === undefined || (above !== undefined && cellCount(above) <= cellCount(below))
    if (intoAbove) merged.splice(small - 1, 2, joinRows(merged[small]!, above!))
    else merged.splice(small, 2, joinRows(below, merged[small]!))
  }
}

function cutStripIntoCells(strip: Region, count: number, salt: number): Region[] {
  const weights = Array.from({ length: count }, (_, q) => 1 + CELL_WIDTH_WOBBLE * signedFromHash(salt, q))
  const cells: Region[] = []
  let rest = strip
  for (let q = 0; q + 1 < count; q++) {
    const remaining = weights.slice(q).reduce((a, b) => a + b, 0)
    const target = weights[q]! / remaining
    const cut = bestCut(rest, 'column', (_line, _offset, share) => Math.abs(share - target))
    if (cut === null) throw new Error(`cannot cut a strip of ${cellCount(strip)} lattice cells into ${count} grids`)
    cells.push(cut.first)
    rest = cut.second
  }
  cells.push(rest)
  return cells
}

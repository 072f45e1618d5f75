import { boundsOf, isWellFormed, splitAtColumn, splitAtRow, type Region } from './region.ts'

/**
 * 'column': a north–south lattice line x = line; the first piece is the west one.
 * 'row': an east–west lattice line y = line; the first piece is the north one.
 */
export type CutAxis = 'column' | 'row'

export interface Cut {
  readonly first: Region
  readonly second: Region
}

/** How good a cut line is (lower is better), from the line, its distance in lines from the first edge, and the share of cells in the first piece. */
export type CutScore = (line: number, offset: number, firstShare: number) => number

const MAX_CANDIDATES = 60

/**
 * The best-scoring straight cut along an axis whose two pieces are both well formed (no part thinner than two
 * spacings), or null. Ties go to the lower line, so the choice never depends on sort stability.
 */
export function bestCut(region: Region, axis: CutAxis, score: CutScore): Cut | null {
  const shares = cutLines(region, axis)
  const candidates = shares.map(({ line, offset, share }) => ({ line, value: score(line, offset, share) }))
  candidates.sort((a, b) => (a.value !== b.value ? a.value - b.value : a.line - b.line))
  for (const { line } of candidates.slice(0, MAX_CANDIDATES)) {
    const cut = wellFormedCut(region, axis, line)
    if (cut !== null) return cut
  }
  return null
}

/** The two pieces on either side of a lattice line, when both are well formed. */
export function wellFormedCut(region: Region, axis: CutAxis, line: number): Cut | null {
  const [first, second] = axis === 'column' ? splitAtColumn(region, line) : splitAtRow(region, line)
  return first !== null && second !== null && isWellFormed(first) && isWellFormed(second) ? { first, second } : null
}

/** For every interior lattice line on the axis, its distance from the first edge and the share of cells in the first piece. */
export function cutLines(region: Region, axis: CutAxis): { line: number; offset: number; share: number }[] {
  const { west, east, south, north } = boundsOf(region)
  const out: { line: number; offset: number; share: number }[] = []
  if (axis === 'column') {
    const perColumn = new Array<number>(east - west).fill(0)
    for (const row of region.rows) for (let i = row.start; i < row.end; i++) perColumn[i - west]! += 1
    const total = perColumn.reduce((a, b) => a + b, 0)
    let running = 0
    for (let line = west + 1; line < east; line++) {
      running += perColumn[line - 1 - west]!
      out.push({ line, offset: line - west, share: running / total })
    }
  } else {
    const perRow = region.rows.map((row) => row.end - row.start)
    const total = perRow.reduce((a, b) => a + b, 0)
    let running = 0
    for (let line = north - 1; line > south; line--) {
      running += perRow[line - south]!
      out.push({ line, offset: north - line, share: running / total })
    }
  }
  return out
}

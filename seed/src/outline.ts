import { unitFromHash } from './hash.ts'
import { isWellFormed, type ColumnInterval, type Region } from './region.ts'

/**
 * The street's outline on the lattice (15 m spacing): an L — a northern block across the full width and a
 * south-western leg — whose four sides jog inwards in steps of one to three spacings every 8–24 spacings, like a
 * boundary that follows streets and turns at junctions. Each side's inset grows monotonically away from one
 * stretch where it is zero, which keeps the outline orthogonally convex (every row and column one run).
 */
const WIDTH = 248 // lattice columns, 3.72 km
const HEIGHT = 252 // lattice rows, 3.78 km
const LEG_WIDTH = 138 // columns of the south-western leg
const LEG_HEIGHT = 104 // rows of the leg below the northern block
const OUTLINE_SALT = 0x0d1a

export interface StreetOutline {
  readonly region: Region
  /** The lattice vertex at the centre of the bounding box, placed on the street's centre coordinates. */
  readonly centre: { readonly x: number; readonly y: number }
}

export function streetOutline(): StreetOutline {
  const northInset = inset(WIDTH, 150, 1)
  const southInset = inset(WIDTH, 60, 2)
  const westInset = inset(HEIGHT, 130, 3)
  const eastInset = inset(HEIGHT, 190, 4)
  const rows: ColumnInterval[] = []
  for (let j = 0; j < HEIGHT; j++) {
    const west = westInset[j]!
    const east = (j < LEG_HEIGHT ? LEG_WIDTH : WIDTH) - eastInset[j]!
    let start = Infinity
    let end = -Infinity
    for (let i = west; i < east; i++) {
      const south = (i < LEG_WIDTH ? 0 : LEG_HEIGHT) + southInset[i]!
      const north = HEIGHT - northInset[i]!
      if (south <= j && j < north) {
        if (i < start) start = i
        end = i + 1
      }
    }
    rows.push(start < end ? { start, end } : { start: 0, end: 0 })
  }
  const first = rows.findIndex((row) => row.end > row.start)
  let last = rows.length - 1
  while (rows[last]!.end <= rows[last]!.start) last--
  const region: Region = { south: first, rows: rows.slice(first, last + 1) }
  if (!isWellFormed(region)) throw new Error('street outline is not well formed')
  return { region, centre: { x: WIDTH / 2, y: HEIGHT / 2 } }
}

/**
 * Inset of one side along its length: zero on a stretch around `flat`, then growing by 1–3 lattice spacings
 * after each run of 8–24 spacings towards either end.
 */
function inset(length: number, flat: number, side: number): number[] {
  const out = new Array<number>(length).fill(0)
  for (const direction of [1, -1]) {
    let depth = 0
    let draw = 0
    let run = 8 + Math.floor(17 * unitFromHash(OUTLINE_SALT, side, direction, draw++))
    for (let t = flat; t >= 0 && t < length; t += direction) {
      if (run === 0) {
        depth += 1 + Math.floor(3 * unitFromHash(OUTLINE_SALT, side, direction, draw++))
        run = 8 + Math.floor(17 * unitFromHash(OUTLINE_SALT, side, direction, draw++))
      }
      out[t] = depth
      run--
    }
  }
  return out
}

import { signedFromHash } from './hash.ts'
import type { LatticeVertex } from './boundary.ts'
import { STREET } from './reference-street.ts'

/** Lattice spacing in metres: a unit grid (~7,300 m²) is about 5–6 spacings across. */
export const LATTICE_SPACING_METRES = 15

/** Largest displacement of a lattice vertex along each axis, in spacings (≤ 0.2 spacing in any direction). */
const JITTER_PER_AXIS = 0.14
const JITTER_SALT = 0x6a17

// Equirectangular projection around the street's centre, with turf's mean earth radius (6,371,008.8 m).
// The metres-per-degree factors are literals (R·π/180 and R·π/180·cos 36.71°, for STREET.center) rather than Math.cos, whose last
// bit is not guaranteed to be the same on every engine.
const [ORIGIN_LNG, ORIGIN_LAT] = STREET.center
const METRES_PER_DEGREE_LAT = 111195.08023353292
const METRES_PER_DEGREE_LNG = 89141.90750083137

/** The lattice vertex that maps onto the projection origin. */
export interface LatticeFrame {
  readonly originX: number
  readonly originY: number
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7
}

/**
 * The single function that turns a lattice vertex into [lng, lat]: a jitter drawn from the integer lattice
 * coordinates (so edges look hand-drawn), then metres to degrees, rounded to 7 decimals (~1 cm). Every polygon
 * that passes through a vertex gets the same two numbers, so shared edges are bit-identical.
 */
export function vertexPosition(frame: LatticeFrame, vertex: LatticeVertex): [number, number] {
  const [i, j] = vertex
  const jx = JITTER_PER_AXIS * signedFromHash(JITTER_SALT, i, j, 0)
  const jy = JITTER_PER_AXIS * signedFromHash(JITTER_SALT, i, j, 1)
  const x = (i - frame.originX + jx) * LATTICE_SPACING_METRES
  const y = (j - frame.originY + jy) * LATTICE_SPACING_METRES
  return [round7(ORIGIN_LNG + x / METRES_PER_DEGREE_LNG), round7(ORIGIN_LAT + y / METRES_PER_DEGREE_LAT)]
}

/** vertexPosition with a cache, for one generation run. */
export function positionCache(frame: LatticeFrame): (vertex: LatticeVertex) => [number, number] {
  const cache = new Map<string, [number, number]>()
  return (vertex) => {
    const key = `${vertex[0]},${vertex[1]}`
    let position = cache.get(key)
    if (position === undefined) {
      position = vertexPosition(frame, vertex)
      cache.set(key, position)
    }
    // A fresh array per use: features must not share mutable positions.
    return [position[0], position[1]]
  }
}

/**
 * Deterministic pseudo-randomness from integers only (Math.imul and shifts), so the generated street is the same
 * byte for byte on every engine and machine. No Math.random, no transcendental functions.
 */

function mix32(value: number): number {
  // lowbias32 (Chris Wellons): a small integer hash with good avalanche.
  let x = value >>> 0
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x >>> 0
}

/** A 32-bit hash of a sequence of integers (negative values allowed). */
export function hash32(...values: readonly number[]): number {
  let h = 0x9e3779b9
  for (const value of values) h = mix32((Math.imul(h, 31) + mix32(value | 0)) >>> 0)
  return h
}

/** A number in [0, 1) determined by the integers given. */
export function unitFromHash(...values: readonly number[]): number {
  return hash32(...values) / 4294967296
}

/** A number in [-1, 1) determined by the integers given. */
export function signedFromHash(...values: readonly number[]): number {
  return 2 * unitFromHash(...values) - 1
}

import { describe, expect, it } from 'vitest'
import { coordinatePrecisionForZoom, levelForZoom, simplifyToleranceForZoom } from '../src/index.ts'

describe('levelForZoom', () => {
  it('shows communities far out, areas in between, unit grids close in', () => {
    expect([10, 14, 15, 16, 19].map(levelForZoom)).toEqual([1, 1, 2, 3, 3])
  })
})

describe('simplification for a zoom', () => {
  it('halves the tolerance with every zoom step', () => {
    expect(simplifyToleranceForZoom(15) / simplifyToleranceForZoom(16)).toBeCloseTo(2)
  })
  it('stays below a screen pixel (360° / 256 / 2^z)', () => {
    for (const z of [10, 14, 18]) expect(simplifyToleranceForZoom(z)).toBeLessThan(360 / 256 / 2 ** z)
  })
  it('sends 4 to 7 decimals, more when closer', () => {
    expect(coordinatePrecisionForZoom(0)).toBe(4)
    expect(coordinatePrecisionForZoom(13)).toBeLessThan(coordinatePrecisionForZoom(18))
    expect(coordinatePrecisionForZoom(22)).toBe(7)
  })
})

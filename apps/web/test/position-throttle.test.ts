import { describe, expect, it } from 'vitest'
import { distanceMetres, shouldSendPosition } from '../src/worker/duty/position-throttle.ts'

const at = { lat: 36.7, lng: 119.15 }
/** A point `metres` north of `at` (one degree of latitude is ~111.2 km). */
const north = (metres: number) => ({ lat: at.lat + metres / 111_195, lng: at.lng })

describe('sending the on-duty position', () => {
  it('sends the first fix at once', () => {
    expect(shouldSendPosition(null, at, 0)).toBe(true)
  })

  it('never sends twice within 10 s, however far the worker moved', () => {
    expect(shouldSendPosition({ at: 0, ...at }, north(500), 9_999)).toBe(false)
    expect(shouldSendPosition({ at: 0, ...at }, north(500), 10_000)).toBe(true)
  })

  it('ignores GPS jitter under 20 m until a minute has passed', () => {
    expect(shouldSendPosition({ at: 0, ...at }, north(15), 30_000)).toBe(false)
    expect(shouldSendPosition({ at: 0, ...at }, north(25), 30_000)).toBe(true)
    expect(shouldSendPosition({ at: 0, ...at }, at, 60_000)).toBe(true)
  })

  it('measures tens of metres within a metre', () => {
    expect(distanceMetres(at, north(100))).toBeCloseTo(100, 0)
  })
})

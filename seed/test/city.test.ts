import { bbox } from '@turf/turf'
import { findStructuralProblems, isWellFormedGridCode } from '@wangge/grid'
import { describe, expect, it } from 'vitest'
import { cityStreets, generateCity, generateStreet, STREET, streetsForUnitGrids } from '../src/index.ts'
import { ofLevel } from './street-helpers.ts'

const city = generateCity({ streets: 3, communitiesPerStreet: 2 })
const byStreet = (code: string) => city.features.filter((f) => f.properties.code.startsWith(code))

describe('the city generator', () => {
  it('takes 74 streets to reach 100,000 unit grids', () => {
    expect(streetsForUnitGrids(100_000)).toBe(74)
    expect(streetsForUnitGrids(1360)).toBe(1)
  })

  it('gives every street its own 9-digit division code, the reference street first and unmoved', () => {
    const streets = cityStreets(74)
    expect(streets[0]).toEqual({ divisionCode: STREET.divisionCode, name: STREET.name, offsetSteps: [0, 0] })
    expect(new Set(streets.map((s) => s.divisionCode)).size).toBe(74)
    for (const s of streets) expect(s.divisionCode).toMatch(/^3707\d{5}$/)
  })

  it('copies the communities asked for, with their areas and unit grids, under well-formed consistent codes', () => {
    expect([1, 2, 3].map((l) => ofLevel(city, l as 1 | 2 | 3).length)).toEqual(
      [1, 2, 3].map((l) => 3 * ofLevel(generateCity({ streets: 1, communitiesPerStreet: 2 }), l as 1 | 2 | 3).length),
    )
    expect(findStructuralProblems(city.features)).toEqual([])
    for (const { properties } of city.features) {
      expect(isWellFormedGridCode(properties.code, properties.level as 1 | 2 | 3), properties.code).toBe(true)
    }
  })

  it('keeps the reference street’s grids exactly as the seed makes them', () => {
    const street = new Map(generateStreet().features.map((f) => [f.properties.code, f]))
    const reference = byStreet(STREET.divisionCode)
    expect(reference.length).toBeGreaterThan(0)
    for (const f of reference) expect(f).toEqual(street.get(f.properties.code))
  })

  it('moves each other street whole, by the same offset for every vertex, clear of its neighbours', () => {
    const [, second, third] = cityStreets(3)
    const boxes = [STREET.divisionCode, second!.divisionCode, third!.divisionCode].map((code) =>
      bbox({ type: 'FeatureCollection', features: byStreet(code) }),
    )
    const [a, b] = [boxes[0]!, boxes[1]!]
    // Same shape, shifted: widths agree to the 1e-7° the coordinates are written in.
    expect(b[2] - b[0]).toBeCloseTo(a[2] - a[0], 6)
    expect(b[3] - b[1]).toBeCloseTo(a[3] - a[1], 6)
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i]!, boxes[j]!]
        const apart = p[2] < q[0] || q[2] < p[0] || p[3] < q[1] || q[3] < p[1]
        expect(apart, `streets ${i} and ${j}`).toBe(true)
      }
  })

  it('lists level 1, then 2, then 3, each in code order, and leaves the reference street out when asked', () => {
    const keys = city.features.map((f) => `${f.properties.level}:${f.properties.code}`)
    expect(keys).toEqual([...keys].sort())
    const others = generateCity({ streets: 3, communitiesPerStreet: 2, withoutReference: true })
    expect(others.features.some((f) => f.properties.code.startsWith(STREET.divisionCode))).toBe(false)
    expect(others.features.length).toBe((city.features.length * 2) / 3)
  })
})

import { area, length, polygon, polygonToLine } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { generateStreet, LATTICE_SPACING_METRES } from '../src/index.ts'
import { boxOf, ofLevel, ringOf } from './street-helpers.ts'

const street = generateStreet()
const METRES_PER_DEGREE_LAT = 111195
const METRES_PER_DEGREE_LNG = 89142

function shapeOf(ring: [number, number][]) {
  const squareMetres = area(polygon([ring]))
  const perimeter = length(polygonToLine(polygon([ring])), { units: 'meters' })
  const [west, south, east, north] = boxOf(ring)
  return {
    squareMetres,
    polsbyPopper: (4 * Math.PI * squareMetres) / perimeter ** 2,
    narrowSide: Math.min((east - west) * METRES_PER_DEGREE_LNG, (north - south) * METRES_PER_DEGREE_LAT),
  }
}

describe('grid shapes', () => {
  const units = ofLevel(street, 3).map((f) => ({ code: f.properties.code, ...shapeOf(ringOf(f)) }))
  const mean = units.reduce((s, u) => s + u.squareMetres, 0) / units.length

  it('gives every unit grid an area within a factor 3 of the mean', () => {
    for (const u of units) {
      expect(u.squareMetres / mean, u.code).toBeGreaterThan(1 / 3)
      expect(u.squareMetres / mean, u.code).toBeLessThan(3)
    }
  })

  it('has no slivers: unit grids compact (Polsby–Popper > 0.4) and at least two lattice spacings across', () => {
    for (const u of units) {
      expect(u.polsbyPopper, u.code).toBeGreaterThan(0.4)
      expect(u.narrowSide, u.code).toBeGreaterThan(2 * LATTICE_SPACING_METRES)
    }
  })

  it('keeps communities and areas compact too (Polsby–Popper > 0.45)', () => {
    for (const f of [...ofLevel(street, 1), ...ofLevel(street, 2)]) {
      expect(shapeOf(ringOf(f)).polsbyPopper, f.properties.code).toBeGreaterThan(0.45)
    }
  })
})

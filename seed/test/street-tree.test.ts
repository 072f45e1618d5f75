import { area, bbox } from '@turf/turf'
import { findStructuralProblems, isWellFormedGridCode } from '@wangge/grid'
import { describe, expect, it } from 'vitest'
import { generateStreet, STREET } from '../src/index.ts'
import { childrenByParent, ofLevel, ringOf, sequenceOf } from './street-helpers.ts'

const street = generateStreet()

describe('the reference street’s grid tree', () => {
  it('has exactly 9 communities, 65 areas and 1,360 unit grids', () => {
    expect([1, 2, 3].map((level) => ofLevel(street, level as 1 | 2 | 3).length)).toEqual([9, 65, 1360])
  })

  it('lists level 1, then level 2, then level 3, each in code order', () => {
    const keys = street.features.map((f) => `${f.properties.level}:${f.properties.code}`)
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    expect(keys).toEqual(sorted)
  })

  it('has well-formed, unique codes under the street, consistent with their parents', () => {
    expect(findStructuralProblems(street.features)).toEqual([])
    for (const { properties } of street.features) {
      expect(isWellFormedGridCode(properties.code, properties.level as 1 | 2 | 3), properties.code).toBe(true)
      expect(properties.code.startsWith(STREET.divisionCode)).toBe(true)
    }
  })

  it('numbers communities 001–009, areas 01.. within each community and unit grids 001..N within each community, area by area', () => {
    expect(ofLevel(street, 1).map(sequenceOf)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const children = childrenByParent(street)
    for (const community of ofLevel(street, 1)) {
      const areas = children.get(community.properties.code) ?? []
      expect(areas.map(sequenceOf)).toEqual(areas.map((_, k) => k + 1))
      // The unit grids of area 01 come first, then those of area 02, …: one run 1..N over the community.
      const units = areas.flatMap((a) => children.get(a.properties.code) ?? [])
      expect(units.map(sequenceOf)).toEqual(units.map((_, k) => k + 1))
      for (const unit of units) expect(unit.properties.code.startsWith(community.properties.code)).toBe(true)
    }
  })

  it('names grids after their community: 虞河社区, 虞河社区第三片区, 虞河社区017网格', () => {
    const names = new Map(street.features.map((f) => [f.properties.code, f.properties.name]))
    expect(names.get('370705002001')).toBe('虞河社区')
    expect(names.get('37070500200103')).toBe('虞河社区第三片区')
    expect(names.get('370705002001017')).toBe('虞河社区017网格')
    expect(new Set(ofLevel(street, 1).map((f) => f.properties.name)).size).toBe(9)
    for (const f of ofLevel(street, 2))
      expect(f.properties.name).toMatch(/^\p{Script=Han}+社区第[一二三四五六七八九十]+片区$/u)
    for (const f of ofLevel(street, 3))
      expect(f.properties.name).toBe(`${names.get(f.properties.code.slice(0, 12))}${f.properties.code.slice(12)}网格`)
  })

  it('stores every grid as a MultiPolygon of one polygon with one ring', () => {
    for (const f of street.features) {
      expect(f.geometry.type).toBe('MultiPolygon')
      expect(f.geometry.coordinates).toHaveLength(1)
      expect(f.geometry.coordinates[0]).toHaveLength(1)
      expect(ringOf(f).length).toBeGreaterThanOrEqual(4)
    }
  })

  it('sits at 大虞街道 (about 36.71° N, 119.15° E) with an outline of 8–13 km²', () => {
    const [west, south, east, north] = bbox(street)
    expect((west + east) / 2).toBeCloseTo(STREET.center[0], 2)
    expect((south + north) / 2).toBeCloseTo(STREET.center[1], 2)
    const km2 = ofLevel(street, 1).reduce((sum, f) => sum + area(f), 0) / 1e6
    expect(km2).toBeGreaterThan(8)
    expect(km2).toBeLessThan(13)
  })

  it('has an outline that is not a rectangle: it fills well under its bounding box', () => {
    const [west, south, east, north] = bbox(street)
    const box = area({
      type: 'Polygon',
      coordinates: [
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
          [west, south],
        ],
      ],
    })
    const filled = ofLevel(street, 1).reduce((sum, f) => sum + area(f), 0)
    expect(filled / box).toBeLessThan(0.85)
  })
})

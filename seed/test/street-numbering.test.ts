import { centroid, polygon } from '@turf/turf'
import type { GridFeature } from '@wangge/grid'
import { describe, expect, it } from 'vitest'
import { generateStreet } from '../src/index.ts'
import {
  boxOf,
  childrenByParent,
  directedEdges,
  ofLevel,
  ringOf,
  sequenceOf,
  sideOf,
  type Side,
} from './street-helpers.ts'

const street = generateStreet()
const children = childrenByParent(street)

/** For each unit grid, its neighbours in the same area, by the side of the grid they touch. */
function neighboursInArea(): Map<string, Record<Side, Set<GridFeature>>> {
  const owner = new Map<string, GridFeature>()
  for (const unit of ofLevel(street, 3)) for (const { key } of directedEdges(ringOf(unit))) owner.set(key, unit)
  const result = new Map<string, Record<Side, Set<GridFeature>>>()
  for (const unit of ofLevel(street, 3)) {
    const sides: Record<Side, Set<GridFeature>> = {
      north: new Set(),
      south: new Set(),
      east: new Set(),
      west: new Set(),
    }
    for (const { reverse, from, to } of directedEdges(ringOf(unit))) {
      const other = owner.get(reverse)
      if (other !== undefined && other.properties.parentCode === unit.properties.parentCode)
        sides[sideOf(from, to)].add(other)
    }
    result.set(unit.properties.code, sides)
  }
  return result
}

describe('unit grids are numbered west to east, then north to south, within their area', () => {
  const neighbours = neighboursInArea()
  const sides = (unit: GridFeature) => neighbours.get(unit.properties.code)!

  it('gives the eastern neighbour in the same area the next number', () => {
    let pairs = 0
    for (const unit of ofLevel(street, 3)) {
      for (const east of sides(unit).east) {
        expect(sequenceOf(east), `east of ${unit.properties.code}`).toBe(sequenceOf(unit) + 1)
        pairs++
      }
    }
    expect(pairs).toBeGreaterThan(1000)
  })

  it('gives every southern neighbour in the same area a later number, every northern one an earlier', () => {
    for (const unit of ofLevel(street, 3)) {
      for (const south of sides(unit).south)
        expect(sequenceOf(south), `south of ${unit.properties.code}`).toBeGreaterThan(sequenceOf(unit))
      for (const north of sides(unit).north)
        expect(sequenceOf(north), `north of ${unit.properties.code}`).toBeLessThan(sequenceOf(unit))
    }
  })

  it('starts each area at its north-west: the first grid has no neighbour in the area to its north or west', () => {
    for (const area of ofLevel(street, 2)) {
      const first = children.get(area.properties.code)![0]!
      expect(sides(first).north.size + sides(first).west.size, first.properties.code).toBe(0)
    }
  })

  it('numbers the known cells of 虞河社区第一片区 as a reader would', () => {
    const units = children.get('37070500200101')!
    const first = units[0]!
    expect(first.properties.code).toBe('370705002001001')
    // Its eastern neighbour is 002; the first grid of the next row lies below the first row.
    expect([...sides(first).east].map((u) => u.properties.code)).toEqual(['370705002001002'])
    const firstRow = [first]
    while (sides(firstRow[firstRow.length - 1]!).east.size > 0)
      firstRow.push([...sides(firstRow[firstRow.length - 1]!).east][0]!)
    const nextRowStart = units[firstRow.length]!
    expect(sequenceOf(nextRowStart)).toBe(firstRow.length + 1)
    expect([...sides(first).south].map(sequenceOf)).toContain(sequenceOf(nextRowStart))
  })
})

describe('communities and areas are numbered in reading order within their parent', () => {
  const centre = (f: GridFeature) => centroid(polygon([ringOf(f)])).geometry.coordinates as [number, number]

  it('starts at the north-west: no sibling lies wholly north-west of grid 1', () => {
    const tolerance = 1e-5 // ~1 m: vertices are jittered, boundaries are shared exactly
    const groups = [ofLevel(street, 1), ...ofLevel(street, 1).map((c) => children.get(c.properties.code)!)]
    for (const siblings of groups) {
      const [first, ...rest] = siblings
      const [west1, , , north1] = boxOf(ringOf(first!))
      for (const other of rest) {
        const [, south, east] = boxOf(ringOf(other))
        const whollyNorthWest = south >= north1 - tolerance && east <= west1 + tolerance
        expect(whollyNorthWest, `${other.properties.code} before ${first!.properties.code}`).toBe(false)
      }
    }
  })

  it('reads the street’s communities in rows: 001–004 across the north, 005–006, 007–008, then 009 in the leg', () => {
    const centres = ofLevel(street, 1).map(centre)
    const rows = [[0, 1, 2, 3], [4, 5], [6, 7], [8]].map((row) => row.map((k) => centres[k]!))
    for (const row of rows) for (let k = 1; k < row.length; k++) expect(row[k - 1]![0]).toBeLessThan(row[k]![0])
    for (let r = 1; r < rows.length; r++) {
      for (const north of rows[r - 1]!) for (const south of rows[r]!) expect(north[1]).toBeGreaterThan(south[1])
    }
  })
})

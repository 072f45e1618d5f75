import { area, booleanClockwise, intersect, kinks, polygon, featureCollection } from '@turf/turf'
import type { GridFeature } from '@wangge/grid'
import { describe, expect, it } from 'vitest'
import { generateStreet } from '../src/index.ts'
import { boxOf, childrenByParent, directedEdges, ofLevel, ringOf } from './street-helpers.ts'

const street = generateStreet()
const children = childrenByParent(street)
const parents = [...ofLevel(street, 1), ...ofLevel(street, 2)]
const asPolygon = (f: GridFeature) => polygon([ringOf(f)])

function overlapArea(a: GridFeature, b: GridFeature): number {
  const shared = intersect(featureCollection([asPolygon(a), asPolygon(b)]))
  return shared === null ? 0 : area(shared)
}

describe('each level tiles its parent exactly', () => {
  it("children's areas sum to their parent's (to one part in a million)", () => {
    for (const parent of parents) {
      const sum = (children.get(parent.properties.code) ?? []).reduce((s, c) => s + area(c), 0)
      expect(Math.abs(sum - area(parent)) / area(parent), parent.properties.code).toBeLessThan(1e-6)
    }
  })

  it('puts every child within its parent', () => {
    for (const parent of parents) {
      for (const child of children.get(parent.properties.code) ?? []) {
        expect(overlapArea(child, parent) / area(child), child.properties.code).toBeGreaterThan(1 - 1e-6)
      }
    }
  })

  it('lets no two siblings overlap', () => {
    const groups = [ofLevel(street, 1), ...parents.map((p) => children.get(p.properties.code) ?? [])]
    let pairsChecked = 0
    for (const siblings of groups) {
      const boxes = siblings.map((s) => boxOf(ringOf(s)))
      for (let a = 0; a < siblings.length; a++) {
        for (let b = a + 1; b < siblings.length; b++) {
          const [A, B] = [boxes[a]!, boxes[b]!]
          if (A[2] < B[0] || B[2] < A[0] || A[3] < B[1] || B[3] < A[1]) continue
          pairsChecked++
          expect(
            overlapArea(siblings[a]!, siblings[b]!),
            `${siblings[a]!.properties.code} × ${siblings[b]!.properties.code}`,
          ).toBeLessThan(0.01)
        }
      }
    }
    expect(pairsChecked).toBeGreaterThan(1360)
  })

  it("shares edges bit for bit: the children's unshared edges are exactly their parent's ring (no gap, no T-junction)", () => {
    for (const parent of parents) {
      const open = new Map<string, number>()
      for (const child of children.get(parent.properties.code) ?? []) {
        for (const { key, reverse } of directedEdges(ringOf(child))) {
          // An edge two children share is walked once each way and cancels out.
          const back = open.get(reverse)
          if (back !== undefined) {
            if (back === 1) open.delete(reverse)
            else open.set(reverse, back - 1)
          } else open.set(key, (open.get(key) ?? 0) + 1)
        }
      }
      const outline = directedEdges(ringOf(parent))
        .map((e) => e.key)
        .sort()
      expect([...open.keys()].sort(), parent.properties.code).toEqual(outline)
      expect([...open.values()].every((n) => n === 1)).toBe(true)
    }
  })
})

describe('every ring is valid', () => {
  it('is closed, counter-clockwise, without kinks, repeated points or self-touching vertices', () => {
    for (const f of street.features) {
      const ring = ringOf(f)
      const code = f.properties.code
      expect(ring[0], code).toEqual(ring[ring.length - 1])
      expect(booleanClockwise(ring), code).toBe(false)
      expect(kinks(asPolygon(f)).features, code).toHaveLength(0)
      const vertices = ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)
      expect(new Set(vertices).size, code).toBe(vertices.length)
      for (const [lng, lat] of ring) {
        expect(Math.round(lng * 1e7) / 1e7).toBe(lng)
        expect(Math.round(lat * 1e7) / 1e7).toBe(lat)
      }
    }
  })
})

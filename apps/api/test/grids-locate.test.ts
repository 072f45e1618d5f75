import { afterAll, describe, expect, it } from 'vitest'
import { bbox as bboxOf, booleanPointInPolygon, point } from '@turf/turf'
import { generateStreet } from '@wangge/seed'
import { DEMO, signedInApp } from './helper.ts'

const appPromise = signedInApp(DEMO.manager)
afterAll(async () => (await appPromise).close())

/** A small seeded PRNG (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The expected chain, computed independently of PostGIS: turf point-in-polygon over the seed's own features. */
function expectedChains() {
  const street = generateStreet()
  const byCode = new Map(street.features.map((f) => [f.properties.code, f]))
  const cells = street.features.filter((f) => f.properties.level === 3).map((f) => ({ feature: f, box: bboxOf(f) }))
  return {
    bounds: bboxOf(street),
    chainAt(lng: number, lat: number): string[] | undefined {
      const hit = cells.find(
        ({ feature, box }) =>
          lng >= box[0] &&
          lng <= box[2] &&
          lat >= box[1] &&
          lat <= box[3] &&
          booleanPointInPolygon(point([lng, lat]), feature),
      )
      if (!hit) return undefined
      const area = byCode.get(hit.feature.properties.parentCode!)!
      return [area.properties.parentCode!, area.properties.code, hit.feature.properties.code]
    },
  }
}

describe('GET /api/grids/locate', () => {
  it('returns the right chain for 1,000 random points, and 422 for those outside the street', async () => {
    const app = await appPromise
    const { bounds, chainAt } = expectedChains()
    const next = random(20261128)
    // Sample a box 10 % larger than the street, so some points fall outside it.
    const [w, s, e, n] = bounds
    const padX = (e - w) * 0.05
    const padY = (n - s) * 0.05
    let inside = 0
    let outside = 0
    for (let i = 0; i < 1000; i++) {
      const lng = w - padX + next() * (e - w + 2 * padX)
      const lat = s - padY + next() * (n - s + 2 * padY)
      const res = await app.inject(`/api/grids/locate?lng=${lng}&lat=${lat}`)
      const expected = chainAt(lng, lat)
      if (expected) {
        inside++
        expect(res.statusCode, `${lng},${lat}`).toBe(200)
        expect(res.json<{ chain: { code: string }[] }>().chain.map((g) => g.code)).toEqual(expected)
      } else {
        outside++
        expect(res.statusCode, `${lng},${lat}`).toBe(422)
        expect(res.json()).toMatchObject({ code: 'OUTSIDE_MANAGED_AREA' })
      }
    }
    expect(inside).toBeGreaterThan(500)
    expect(outside).toBeGreaterThan(10)
  })

  it('answers 422 OUTSIDE_MANAGED_AREA far from the street (Beijing)', async () => {
    const app = await appPromise
    const res = await app.inject('/api/grids/locate?lng=116.397&lat=39.909')
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ statusCode: 422, code: 'OUTSIDE_MANAGED_AREA' })
  })

  it.each(['lng=abc&lat=36.7', 'lng=119.15', 'lng=181&lat=36.7', 'lng=119.15&lat=-91', 'lng=&lat='])(
    'answers 400 for %s',
    async (query) => {
      const app = await appPromise
      const res = await app.inject(`/api/grids/locate?${query}`)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
    },
  )
})

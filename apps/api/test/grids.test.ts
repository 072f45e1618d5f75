import { afterAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient } from './helper.ts'

interface LayerFeature {
  properties: { id: number; code: string; level: number; name: string; parentId: number | null }
  geometry: { type: string; coordinates: unknown }
}

const appPromise = signedInApp(DEMO.manager)
afterAll(async () => (await appPromise).close())

async function layer(query: string) {
  const app = await appPromise
  const res = await app.inject(`/api/grids?${query}`)
  return { res, features: res.statusCode === 200 ? res.json<{ features: LayerFeature[] }>().features : [] }
}

describe('the seeded tree', () => {
  it.each([
    [1, 9],
    [2, 65],
    [3, 1360],
  ])('has level %i with %i grids through the API', async (level, count) => {
    const { res, features } = await layer(`level=${level}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    expect(features).toHaveLength(count)
    expect(Object.keys(features[0]!.properties).sort()).toEqual(['code', 'id', 'level', 'name', 'parentId'])
    expect(features.every((f) => f.properties.level === level)).toBe(true)
  })

  it('puts every child inside its parent, within 1 m² of spill-over', async () => {
    const { rows } = await withClient((c) =>
      c.query(`select c.code from grids c join grids p on p.id = c.parent_id
               where ST_Area(ST_Difference(c.geom, p.geom)::geography) > 1`),
    )
    expect(rows).toEqual([])
  })

  it('has no overlapping siblings', async () => {
    const { rows } = await withClient((c) =>
      c.query(`select a.code, b.code from grids a join grids b
                 on a.level = b.level and a.parent_id is not distinct from b.parent_id and a.id < b.id
               where a.geom && b.geom and ST_Relate(a.geom, b.geom, '2********')
                 and ST_Area(ST_Intersection(a.geom, b.geom)::geography) > 1`),
    )
    expect(rows).toEqual([])
  })

  it("sums each parent's children areas to the parent's within 0.1 %", async () => {
    const { rows } = await withClient((c) =>
      c.query<{ code: string; parent: number; children: number }>(
        `select p.code, p.area_m2 parent, sum(c.area_m2) children from grids p join grids c on c.parent_id = p.id group by p.id`,
      ),
    )
    expect(rows).toHaveLength(9 + 65)
    for (const r of rows) expect(Math.abs(r.children - r.parent) / r.parent, r.code).toBeLessThan(0.001)
  })

  it('refuses at the database a child whose level is not its parent’s plus one', async () => {
    await expect(
      withClient((c) =>
        c.query(`insert into grids (level, code, name, parent_id, geom, area_m2)
                 select 3, '370705002001999', 'x', id, geom, 1 from grids where level = 1 limit 1`),
      ),
    ).rejects.toThrow(/grids_parent_fk/)
  })
})

describe('GET /api/grids (layer)', () => {
  it('keeps to the viewport and simplifies for the zoom', async () => {
    const full = await layer('level=3')
    const first = full.features[0]!
    const ring = (first.geometry.coordinates as number[][][][])[0]![0]!
    const [lng, lat] = ring[0]! as [number, number]
    const bbox = [lng - 0.003, lat - 0.003, lng + 0.003, lat + 0.003].join(',')
    const view = await layer(`level=3&bbox=${bbox}&zoom=17`)
    expect(view.features.length).toBeGreaterThan(0)
    expect(view.features.length).toBeLessThan(100)
    expect(view.features.map((f) => f.properties.code)).toContain(first.properties.code)

    const far = await layer('level=3&zoom=12')
    const near = await layer('level=3&zoom=18')
    expect(far.res.body.length).toBeLessThan(near.res.body.length)
  })

  it('filters by parent', async () => {
    const { features: communities } = await layer('level=1')
    const parent = communities[0]!.properties.id
    const { features } = await layer(`level=2&parent=${parent}`)
    expect(features.length).toBeGreaterThan(0)
    expect(features.every((f) => f.properties.parentId === parent)).toBe(true)
  })

  it.each(['level=4', 'level=x', 'level=1&bbox=1,2,3', 'level=1&bbox=120,36,119,37', 'level=1&zoom=40', ''])(
    'answers 400 with details for %s',
    async (query) => {
      const { res } = await layer(query)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
      expect(res.json<{ details: unknown[] }>().details.length).toBeGreaterThan(0)
    },
  )

  it('compresses the layer when the client accepts it', async () => {
    const app = await appPromise
    const res = await app.inject({ url: '/api/grids?level=2&zoom=15', headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers['content-encoding']).toBe('gzip')
  })
})

describe('GET /api/grids/:id', () => {
  it('returns a unit grid with its chain and children count', async () => {
    const { features } = await layer('level=3')
    const cell = features[500]!.properties
    const app = await appPromise
    const res = await app.inject(`/api/grids/${cell.id}`)
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      code: string
      childrenCount: number
      areaM2: number
      chain: { level: number; code: string }[]
    }>()
    expect(body.code).toBe(cell.code)
    expect(body.childrenCount).toBe(0)
    expect(body.areaM2).toBeGreaterThan(1000)
    expect(body.chain.map((g) => g.level)).toEqual([1, 2, 3])
    expect(body.chain[2]!.code).toBe(cell.code)
    expect(cell.code.startsWith(body.chain[0]!.code)).toBe(true)
  })

  it('counts a community’s areas', async () => {
    const { features } = await layer('level=1')
    const app = await appPromise
    const counts = await Promise.all(
      features.map(
        async (f) =>
          (await app.inject(`/api/grids/${f.properties.id}`)).json<{ childrenCount: number }>().childrenCount,
      ),
    )
    expect(counts.reduce((a, b) => a + b, 0)).toBe(65)
  })

  it('answers 404 for a missing grid and 400 for a malformed id', async () => {
    const app = await appPromise
    expect((await app.inject('/api/grids/99999999')).json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
    expect((await app.inject('/api/grids/abc')).statusCode).toBe(400)
  })
})

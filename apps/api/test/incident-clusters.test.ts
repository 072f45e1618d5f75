import { afterAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient } from './helper.ts'

const street = signedInApp(DEMO.streetSupervisor)
// One after the other: two apps starting at once on a loaded machine can run past a plugin's start timeout.
const community = street.then(() => signedInApp(DEMO.supervisor))
afterAll(async () => {
  await (await community).close()
  await (await street).close()
})

interface Clusters {
  total: number
  clusters: { lng: number; lat: number; count: number; overdue: number }[]
}

/** The extent of grids of a level (all of them: the street; or those whose code starts so), as a view's bbox. */
async function extentOf(level: number, codePrefix = ''): Promise<string> {
  const { rows } = await withClient((c) =>
    c.query<{ w: number; s: number; e: number; n: number }>(
      `select ST_XMin(x) w, ST_YMin(x) s, ST_XMax(x) e, ST_YMax(x) n
       from (select ST_Extent(geom)::geometry x from grids where level = $1 and code like $2 || '%') b`,
      [level, codePrefix],
    ),
  )
  const { w, s, e, n } = rows[0]!
  return [w, s, e, n].join(',')
}

async function pointsCount(app: Awaited<typeof street>, query: string): Promise<number> {
  const res = await app.inject(`/api/incidents/geojson?limit=5000&${query}`)
  expect(res.statusCode).toBe(200)
  return res.json<{ features: unknown[] }>().features.length
}

describe('GET /api/incidents/clusters', () => {
  it.each([
    ['the street-wide supervisor', street],
    ['a community supervisor', community],
  ])('for %s sums to the cases in view that the map points show, under the same filters', async (_who, appPromise) => {
    const app = await appPromise
    // One area's extent: few enough cases for the map points (5,000 at most) to hold them all.
    const bbox = await extentOf(2, '37070500200101')
    for (const filters of [
      `bbox=${bbox}`,
      `bbox=${bbox}&status=registered&status=dispatched`,
      `bbox=${bbox}&overdue=true`,
    ]) {
      const res = await app.inject(`/api/incidents/clusters?zoom=14&${filters}`)
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json<Clusters>()
      expect(body.clusters.reduce((sum, c) => sum + c.count, 0)).toBe(body.total)
      expect(body.total).toBe(await pointsCount(app, filters))
      for (const c of body.clusters) expect(c.overdue).toBeLessThanOrEqual(c.count)
    }
  })

  it('keeps to the scope: a community supervisor sees fewer cases than the street', async () => {
    const bbox = await extentOf(1)
    const all = (await (await street).inject(`/api/incidents/clusters?zoom=13&bbox=${bbox}`)).json<Clusters>()
    const mine = (await (await community).inject(`/api/incidents/clusters?zoom=13&bbox=${bbox}`)).json<Clusters>()
    expect(all.total).toBeGreaterThan(0)
    expect(mine.total).toBeGreaterThan(0)
    expect(mine.total).toBeLessThan(all.total)
  })

  it('splits into more, smaller clusters as the zoom closes in, the total unchanged', async () => {
    const app = await street
    const bbox = await extentOf(1)
    const far = (await app.inject(`/api/incidents/clusters?zoom=12&bbox=${bbox}`)).json<Clusters>()
    const near = (await app.inject(`/api/incidents/clusters?zoom=17&bbox=${bbox}`)).json<Clusters>()
    expect(near.total).toBe(far.total)
    expect(near.clusters.length).toBeGreaterThan(far.clusters.length)
  })

  it.each([
    ['no zoom', 'bbox=119,36,120,37'],
    ['a zoom past 22', 'zoom=23'],
    ['a bbox inside out', 'zoom=12&bbox=120,36,119,37'],
    ['a word for a zoom', 'zoom=near'],
  ])('refuses %s with 400', async (_name, query) => {
    const res = await (await street).inject(`/api/incidents/clusters?${query}`)
    expect(res.statusCode).toBe(400)
  })
})

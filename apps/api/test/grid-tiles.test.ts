import { afterAll, describe, expect, it } from 'vitest'
import { levelForZoom } from '@wangge/grid'
import { generateStreet } from '@wangge/seed'
import { createKysely } from '../src/db/create-kysely.ts'
import {
  geoJsonForTile,
  GRID_TILE_LAYER,
  mvtFromPostgis,
  postgisEncodesMvt,
} from '../src/plugins/app/grids/grid-tile-sql.ts'
import { cutTile } from '../src/plugins/app/grids/node-tile-cutter.ts'
import pg from 'pg'
import { decodeGridTile, tileAt, tileBBox } from './grid-tile-fixtures.ts'
import { buildTestApp, databaseUrl, DEMO, pointInGrid, signedInApp, withClient } from './helper.ts'

const appPromise = signedInApp(DEMO.manager)
afterAll(async () => (await appPromise).close())

async function fetchTile(tile: { z: number; x: number; y: number }, headers: Record<string, string> = {}) {
  const app = await appPromise
  return app.inject({ url: `/api/grids/tiles/${tile.z}/${tile.x}/${tile.y}.mvt`, headers })
}

/** The ids of the grids of a level whose shapes (not only their boxes) meet a box, as PostGIS sees them. */
async function gridsMeeting(level: number, [w, s, e, n]: number[]): Promise<Set<number>> {
  const { rows } = await withClient((c) =>
    c.query<{ id: number }>(
      `select id from grids where level = $1 and ST_Intersects(geom, ST_MakeEnvelope($2, $3, $4, $5, 4326))`,
      [level, w, s, e, n],
    ),
  )
  return new Set(rows.map((r) => r.id))
}

describe('GET /api/grids/tiles/{z}/{x}/{y}.mvt', () => {
  // The seed's first unit grid, its area and community: a tile at each zoom from the street to a few houses.
  const cases = [12, 13, 14, 15, 16, 17, 18]
  it.each(cases)('at zoom %i decodes to the cells and codes the GeoJSON layer gives for the tile', async (z) => {
    const app = await appPromise
    const { lng, lat } = await pointInGrid('370705002001001')
    const tile = tileAt(lng, lat, z)
    const res = await fetchTile(tile)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/vnd.mapbox-vector-tile')
    const cells = decodeGridTile(res.rawPayload, tile)
    const level = levelForZoom(z)
    expect(cells.length).toBeGreaterThan(0)
    expect(cells.every((c) => c.level === level)).toBe(true)

    const bbox = tileBBox(tile)
    const geojson = await app.inject(`/api/grids?level=${level}&zoom=${z}&bbox=${bbox.join(',')}`)
    const features = geojson.json<{ features: { properties: { id: number; code: string; name: string } }[] }>().features
    const byId = new Map(features.map((f) => [f.properties.id, f.properties]))
    // Same codes and names for the same ids; every grid really inside the tile is in it, once.
    for (const cell of cells)
      expect({ code: cell.code, name: cell.name }).toEqual({
        code: byId.get(cell.id)?.code,
        name: byId.get(cell.id)?.name,
      })
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length)
    const meeting = await gridsMeeting(level, bbox)
    for (const id of meeting)
      expect(
        cells.map((c) => c.id),
        `grid ${id}`,
      ).toContain(id)
    expect(cells.length).toBeLessThanOrEqual(features.length)
  })

  it('answers a tile outside the street with an empty body', async () => {
    const res = await fetchTile(tileAt(0, 0, 16))
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.length).toBe(0)
  })

  it('revalidates: the ETag is the tree version, and a matching If-None-Match gets 304', async () => {
    const { lng, lat } = await pointInGrid('370705002001001')
    const tile = tileAt(lng, lat, 16)
    const first = await fetchTile(tile)
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"grids-\d+"$/)
    const again = await fetchTile(tile, { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
  })

  it.each([
    ['x past 2^z − 1', '3/8/0'],
    ['y past 2^z − 1', '3/0/8'],
    ['z past 22', '23/0/0'],
    ['a negative x', '3/-1/0'],
    ['a word for y', '3/0/abc'],
  ])('refuses %s with 400', async (_name, path) => {
    const app = await appPromise
    const res = await app.inject(`/api/grids/tiles/${path}.mvt`)
    expect(res.statusCode).toBe(400)
  })

  it('is for signed-in users only', async () => {
    const app = await buildTestApp()
    try {
      const res = await app.inject('/api/grids/tiles/16/0/0.mvt')
      expect(res.statusCode).toBe(401)
    } finally {
      await app.close()
    }
  })
})

describe('the two encoders', () => {
  it('cut the same cells with the same properties from the same SQL (PostGIS where it can, Node always)', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 })
    const db = createKysely(pool)
    try {
      const { lng, lat } = await pointInGrid('370705002001001')
      for (const z of [13, 15, 16, 17]) {
        const tile = tileAt(lng, lat, z)
        const fromNode = decodeGridTile(
          cutTile(JSON.parse(await geoJsonForTile(db, tile)), tile, GRID_TILE_LAYER),
          tile,
        )
        expect(fromNode.length).toBeGreaterThan(0)
        if (!(await postgisEncodesMvt(db))) continue
        const fromPostgis = decodeGridTile(await mvtFromPostgis(db, tile), tile)
        const summary = (cells: typeof fromNode) =>
          cells.map(({ id, code, name, level }) => ({ id, code, name, level })).sort((a, b) => a.id - b.id)
        // geojson-vt keeps a grid whose box meets the buffer even where its shape does not; compare what both hold.
        const postgisIds = new Set(fromPostgis.map((c) => c.id))
        expect(summary(fromNode.filter((c) => postgisIds.has(c.id)))).toEqual(summary(fromPostgis))
        expect(fromPostgis.length).toBeGreaterThanOrEqual(fromNode.length * 0.8)
      }
    } finally {
      await db.destroy()
    }
  })
})

describe('the tile cache', () => {
  it('is invalidated by an import: the renamed grid shows in the next tile, under a new ETag', async () => {
    const admin = await signedInApp(DEMO.admin)
    try {
      const code = '370705002001001'
      const { lng, lat } = await pointInGrid(code)
      const tile = tileAt(lng, lat, 17)
      const before = await fetchTile(tile)
      expect(decodeGridTile(before.rawPayload, tile).find((c) => c.code === code)?.name).not.toBe('改名测试网格')

      const street = structuredClone(generateStreet())
      const original = street.features.find((f) => f.properties.code === code)!.properties.name
      street.features.find((f) => f.properties.code === code)!.properties.name = '改名测试网格'
      const imported = await admin.inject({ method: 'POST', url: '/api/grids/import', payload: street as object })
      expect(imported.statusCode, imported.body).toBe(200)

      const after = await fetchTile(tile, { 'if-none-match': String(before.headers.etag) })
      expect(after.statusCode).toBe(200)
      expect(after.headers.etag).not.toBe(before.headers.etag)
      expect(decodeGridTile(after.rawPayload, tile).find((c) => c.code === code)?.name).toBe('改名测试网格')

      street.features.find((f) => f.properties.code === code)!.properties.name = original
      const restored = await admin.inject({ method: 'POST', url: '/api/grids/import', payload: street as object })
      expect(restored.statusCode).toBe(200)
      expect(decodeGridTile((await fetchTile(tile)).rawPayload, tile).find((c) => c.code === code)?.name).toBe(original)
    } finally {
      await admin.close()
    }
  })
})

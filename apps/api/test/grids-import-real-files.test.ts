import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { bbox as bboxOf, booleanPointInPolygon, distance, transformScale, transformTranslate } from '@turf/turf'
import gcoord from 'gcoord'
import { generateStreet } from '@wangge/seed'
import type { GridFeature, GridFeatureCollection } from '@wangge/grid'
import { DEMO, signedInApp, withClient } from './helper.ts'

/**
 * Issue 21, part 5: the import takes the boundary files a city really has. Every fixture is the reference street
 * redrawn the way published files are drawn (the street's own codes, so the seeded cases and users keep their
 * grids): parents drawn apart from their children, DataV's extra properties, heights, GCJ-02 coordinates.
 */
const appPromise = signedInApp(DEMO.admin)
afterAll(async () => (await appPromise).close())

const street = (): GridFeatureCollection => structuredClone(generateStreet())
const ofLevel = (fc: GridFeatureCollection, level: number) => fc.features.filter((f) => f.properties.level === level)

const fingerprint = () =>
  withClient(
    async (c) =>
      (
        await c.query<{ f: string }>(
          `select md5(string_agg(id || code || name || coalesce(parent_id, 0) || ST_AsEWKB(geom)::text, ',' order by id)) f from grids`,
        )
      ).rows[0]!.f,
  )

async function importTree(body: unknown, query = '') {
  const app = await appPromise
  return app.inject({ method: 'POST', url: `/api/grids/import${query}`, payload: body as object })
}

interface Located {
  kind: string
  code: string | null
  message: string
  location: { point: [number, number]; bbox: [number, number, number, number] } | null
}
interface Change extends Located {
  changedM2: number
  areaBeforeM2: number
  areaAfterM2: number
}

/** DataV's properties beside ours: a file exported from DataV keeps them, and the import ignores them. */
function withDataVProperties(fc: GridFeatureCollection): GridFeatureCollection {
  for (const f of fc.features) {
    const [w, s, e, n] = bboxOf(f)
    Object.assign(f.properties, {
      adcode: Number(f.properties.code.slice(0, 9)),
      center: [(w + e) / 2, (s + n) / 2],
      parent: { adcode: Number(f.properties.code.slice(0, 6)) },
      acroutes: [100000, 370000, 370700],
      childrenNum: 0,
    })
  }
  return fc
}

/** A community redrawn by another hand: its outline moved `metres` east, so it and its areas disagree both ways. */
const shiftedEast = (f: GridFeature, metres: number) =>
  Object.assign(f, { geometry: transformTranslate(f, metres / 1000, 90).geometry })

// Each test leaves the street as the seed made it, for the next and for the other files.
afterEach(async () => {
  expect((await importTree(street())).statusCode).toBe(200)
})

describe('a parent drawn apart from its children', () => {
  it('is refused as it is, each spill-over located on the strip itself', async () => {
    const before = await fingerprint()
    const fc = withDataVProperties(street())
    const community = ofLevel(fc, 1)[0]!
    shiftedEast(community, 3)
    const res = await importTree(fc)
    expect(res.statusCode).toBe(422)
    const problems = res.json<{ details: Located[] }>().details
    const outside = problems.filter((p) => p.kind === 'OUTSIDE_PARENT')
    // Its own areas spill out west; the neighbour it now overlaps by a sliver to the east may have lost that
    // sliver (snapped, as the larger of the two), and then the neighbour's areas spill over too.
    const own = outside.filter((p) => p.code?.startsWith(community.properties.code))
    expect(own.length).toBeGreaterThan(0)
    for (const p of outside) {
      const child = fc.features.find((f) => f.properties.code === p.code)!
      expect(booleanPointInPolygon(p.location!.point, child)).toBe(true)
      expect(p.message).toContain(p.location!.point[0].toFixed(6))
    }
    // On the strip the redrawn parent no longer covers.
    for (const p of own) expect(booleanPointInPolygon(p.location!.point, community)).toBe(false)
    expect(await fingerprint()).toBe(before)
  })

  it('is rebuilt from its children with deriveParents, and each rebuilt grid is reported', async () => {
    const fc = withDataVProperties(street())
    const shifted = ofLevel(fc, 1).slice(0, 3)
    for (const c of shifted) shiftedEast(c, 3)
    const res = await importTree(fc, '?deriveParents=true')
    expect(res.statusCode).toBe(200)
    const { changes, counts } = res.json<{ changes: Change[]; counts: unknown }>()
    expect(counts).toEqual({ 1: 9, 2: 65, 3: 1360 })
    expect(changes.map((c) => c.kind)).toEqual(shifted.map(() => 'DERIVED_FROM_CHILDREN'))
    expect(changes.map((c) => c.code)).toEqual(shifted.map((c) => c.properties.code))
    for (const c of changes) {
      // A 3 m shift of a community about a kilometre across: two strips of about 3 m × 1 km change hands.
      expect(c.changedM2).toBeGreaterThan(2_000)
      expect(c.changedM2).toBeLessThan(15_000)
      expect(c.location).not.toBeNull()
    }
    // What was written is the union of the areas, which the seed's own community is (to the dust tolerance).
    const drift = await withClient(async (client) => {
      const original = ofLevel(street(), 1)[0]!
      const { rows } = await client.query<{ m2: number }>(
        `select ST_Area(ST_SymDifference(geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))::geography) m2
         from grids where code = $1`,
        [original.properties.code, JSON.stringify(original.geometry)],
      )
      return rows[0]!.m2
    })
    expect(drift).toBeLessThan(1)
  })

  it('cuts children to a parent drawn tighter with clipChildren, reporting each cut', async () => {
    const fc = street()
    const community = ofLevel(fc, 1)[0]!
    // Drawn about 2 m inside the areas' outline: the areas along it spill over by a strip as long as their side.
    community.geometry = transformScale(community, 0.996).geometry as GridFeature['geometry']
    const refused = await importTree(fc)
    expect(refused.statusCode).toBe(422)
    const res = await importTree(fc, '?clipChildren=true')
    expect(res.statusCode).toBe(200)
    const { changes } = res.json<{ changes: Change[] }>()
    const clipped = changes.filter((c) => c.kind === 'CLIPPED_TO_PARENT')
    expect(clipped.length).toBeGreaterThan(0)
    const areasOfCommunity = ofLevel(fc, 2).filter((a) => a.properties.parentCode === community.properties.code)
    const clippedAreas = clipped.filter((c) => c.code?.length === 14)
    expect(clippedAreas.length).toBeGreaterThan(0)
    for (const c of clippedAreas) {
      expect(areasOfCommunity.map((a) => a.properties.code)).toContain(c.code)
      expect(c.areaAfterM2).toBeCloseTo(c.areaBeforeM2 - c.changedM2, -1)
      expect(c.message).toContain(community.properties.code)
    }
    // Nothing in the database lies outside its parent beyond dust.
    const spill = await withClient(
      async (client) =>
        (
          await client.query<{ m2: number }>(
            `select coalesce(max(ST_Area(ST_Difference(c.geom, p.geom)::geography)), 0) m2
             from grids c join grids p on p.id = c.parent_id`,
          )
        ).rows[0]!.m2,
    )
    expect(spill).toBeLessThan(1)
  })
})

describe('slivers and real overlaps between neighbours', () => {
  /** A unit grid inside its area, away from the area's edge, so that only siblings surround it. */
  const innerCell = () =>
    withClient(
      async (c) =>
        (
          await c.query<{ code: string }>(
            `select g.code from grids g join grids p on p.id = g.parent_id
             where g.level = 3 and not ST_Intersects(g.geom, ST_Boundary(p.geom)) order by g.code limit 1`,
          )
        ).rows[0]!.code,
    )

  it('snaps a sliver, cutting it from the larger neighbour, and reports where', async () => {
    const fc = street()
    const code = await innerCell()
    const cell = fc.features.find((f) => f.properties.code === code)!
    // Drawn 0.4 % too large: it overlaps each neighbour by a strip some 15 cm wide.
    cell.geometry = transformScale(cell, 1.004).geometry as GridFeature['geometry']
    const res = await importTree(fc)
    expect(res.statusCode).toBe(200)
    const snapped = res.json<{ changes: Change[] }>().changes
    expect(snapped.length).toBeGreaterThan(0)
    for (const c of snapped) {
      // Cut from the larger of each pair: the enlarged cell, or a neighbour larger still, which then names it.
      expect(c.kind).toBe('SLIVER_SNAPPED')
      expect(c.code === code || c.message.includes(code)).toBe(true)
      expect(c.changedM2).toBeLessThan(0.01 * c.areaBeforeM2)
      expect(booleanPointInPolygon(c.location!.point, cell)).toBe(true)
    }
  })

  it('refuses a larger overlap, located, unless snapping is off — then refuses the sliver too', async () => {
    const before = await fingerprint()
    const fc = street()
    const code = await innerCell()
    const cell = fc.features.find((f) => f.properties.code === code)!
    cell.geometry = transformTranslate(cell, 0.02, 90).geometry as GridFeature['geometry'] // 20 m east
    const res = await importTree(fc)
    expect(res.statusCode).toBe(422)
    const overlaps = res.json<{ details: Located[] }>().details.filter((p) => p.kind === 'OVERLAPPING_SIBLINGS')
    expect(overlaps.length).toBeGreaterThan(0)
    for (const p of overlaps) {
      // Located on the overlap: inside the moved cell, and named in the message.
      expect(booleanPointInPolygon(p.location!.point, cell)).toBe(true)
      const [w, s, e, n] = p.location!.bbox
      expect(w).toBeLessThanOrEqual(e)
      expect(s).toBeLessThanOrEqual(n)
      expect(p.message).toMatch(/位于 \d+\.\d{6}, \d+\.\d{6}/)
    }

    const sliver = street()
    const enlarged = sliver.features.find((f) => f.properties.code === code)!
    enlarged.geometry = transformScale(enlarged, 1.004).geometry as GridFeature['geometry']
    const strict = await importTree(sliver, '?snapSlivers=false')
    expect(strict.statusCode).toBe(422)
    expect(await fingerprint()).toBe(before)
  })
})

describe('coordinates as published', () => {
  it('drops a third coordinate with a warning, and imports the street unchanged', async () => {
    const before = await fingerprint()
    const fc = street()
    for (const f of fc.features) {
      const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
      for (const ring of polygons.flat()) for (const p of ring) (p as number[]).push(35.5)
    }
    const res = await importTree(fc)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      changes: [],
      warnings: [expect.objectContaining({ kind: 'THIRD_COORDINATE_DROPPED', features: fc.features.length })],
    })
    expect(await fingerprint()).toBe(before)
  })

  it('converts a GCJ-02 file with crs=gcj02: every vertex within a metre of its WGS-84 truth', async () => {
    const app = await appPromise
    const truth = street()
    const gcj = structuredClone(truth)
    for (const f of gcj.features)
      f.geometry = gcoord.transform(
        f.geometry as Parameters<typeof gcoord.transform>[0],
        gcoord.WGS84,
        gcoord.GCJ02,
      ) as GridFeature['geometry']
    // Read as WGS-84 the file is some 500 m off: the street's cells would not be where its cases are.
    const res = await importTree(gcj, '?crs=gcj02')
    expect(res.statusCode).toBe(200)
    expect(res.json<{ warnings: { kind: string }[] }>().warnings).toEqual([
      expect.objectContaining({ kind: 'CONVERTED_FROM_GCJ02' }),
    ])
    const exported = (await app.inject('/api/grids/export')).json<GridFeatureCollection>()
    let worst = 0
    exported.features.forEach((f, i) => {
      const expected = truth.features[i]!
      expect(f.properties.code).toBe(expected.properties.code)
      const got = (f.geometry.coordinates as number[][][][]).flat(2)
      const want = (expected.geometry.coordinates as number[][][][]).flat(2)
      expect(got.length).toBe(want.length)
      got.forEach((p, j) => {
        worst = Math.max(worst, distance(p, want[j]!, { units: 'meters' }))
      })
    })
    expect(worst).toBeLessThan(1)
    const shifted = distance(
      (gcj.features[0]!.geometry.coordinates as number[][][][])[0]![0]![0]!,
      (truth.features[0]!.geometry.coordinates as number[][][][])[0]![0]![0]!,
      { units: 'meters' },
    )
    expect(shifted).toBeGreaterThan(100)
  })
})

describe('a file with fewer than three levels', () => {
  it('is refused once, saying three levels are needed and which is missing (zh-CN first)', async () => {
    const before = await fingerprint()
    const fc = street()
    fc.features = fc.features.filter((f) => f.properties.level !== 2)
    const res = await importTree(fc)
    expect(res.statusCode).toBe(422)
    const { details } = res.json<{ details: Located[] }>()
    expect(details).toHaveLength(1)
    expect(details[0]).toMatchObject({ kind: 'MISSING_LEVEL', code: null })
    expect(details[0]!.message).toMatch(
      /^网格树须有三级.*缺少 2 级（片区）.* \/ a grid tree needs three levels.*no level 2 \(area\)/,
    )
    expect(details[0]!.location?.bbox).toEqual(bboxOf(fc))
    expect(await fingerprint()).toBe(before)
  })
})

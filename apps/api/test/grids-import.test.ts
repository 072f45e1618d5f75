import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bbox as bboxOf } from '@turf/turf'
import { generateStreet } from '@wangge/seed'
import type { GridFeature, GridFeatureCollection } from '@wangge/grid'
import { DEMO, signedInApp, withClient } from './helper.ts'

const appPromise = signedInApp(DEMO.admin)
afterAll(async () => (await appPromise).close())

/** A fingerprint of the whole table: any change to any row (ids included) changes it. */
const fingerprint = () =>
  withClient(
    async (c) =>
      (
        await c.query<{ f: string }>(
          `select md5(string_agg(id || code || name || coalesce(parent_id, 0) || ST_AsEWKB(geom)::text, ',' order by id)) f from grids`,
        )
      ).rows[0]!.f,
  )

const street = (): GridFeatureCollection => structuredClone(generateStreet())
const firstOfLevel = (fc: GridFeatureCollection, level: number): GridFeature =>
  fc.features.find((f) => f.properties.level === level)!

function translate(feature: GridFeature, dLng: number, dLat: number): void {
  if (feature.geometry.type !== 'MultiPolygon') throw new Error('the seed writes MultiPolygons')
  feature.geometry.coordinates = feature.geometry.coordinates.map((poly) =>
    poly.map((ring) => ring.map(([x, y]) => [x + dLng, y + dLat] as [number, number])),
  )
}

async function importTree(body: unknown) {
  const app = await appPromise
  return app.inject({ method: 'POST', url: '/api/grids/import', payload: body as object })
}

describe('POST /api/grids/import refuses a bad tree, naming the feature, and changes nothing', () => {
  let before: string
  beforeAll(async () => {
    before = await fingerprint()
  })

  const cases: [string, string, (fc: GridFeatureCollection) => string][] = [
    [
      'a self-intersecting geometry',
      'INVALID_GEOMETRY',
      (fc) => {
        const cell = firstOfLevel(fc, 3)
        const [w, s, e, n] = bboxOf(cell)
        ;(cell.geometry.coordinates as number[][][][])[0]![0] = [
          [w, s],
          [e, n],
          [e, s],
          [w, n],
          [w, s],
        ] // a bow tie
        return cell.properties.code
      },
    ],
    [
      'an unclosed ring',
      'INVALID_GEOMETRY',
      (fc) => {
        const cell = firstOfLevel(fc, 3)
        ;(cell.geometry.coordinates as number[][][][])[0]![0]!.pop()
        return cell.properties.code
      },
    ],
    [
      'overlapping siblings',
      'OVERLAPPING_SIBLINGS',
      (fc) => {
        const cell = firstOfLevel(fc, 3)
        translate(cell, 0.0002, 0)
        return cell.properties.code
      },
    ],
    [
      'a child outside its parent',
      'OUTSIDE_PARENT',
      (fc) => {
        const cell = firstOfLevel(fc, 3)
        translate(cell, 0.05, 0)
        return cell.properties.code
      },
    ],
    [
      'a gap larger than the tolerance',
      'GAP_IN_PARENT',
      (fc) => {
        const index = fc.features.findIndex((f) => f.properties.level === 3)
        const [removed] = fc.features.splice(index, 1)
        return removed!.properties.parentCode!
      },
    ],
    [
      'a duplicate code',
      'DUPLICATE_CODE',
      (fc) => {
        const cell = firstOfLevel(fc, 3)
        fc.features.push(structuredClone(cell))
        return cell.properties.code
      },
    ],
    [
      'a code inconsistent with its parent',
      'INCONSISTENT_CODE',
      (fc) => {
        const cell = fc.features
          .filter((f) => f.properties.level === 3)
          .find((f) => !f.properties.code.startsWith('370705002001'))!
        cell.properties.code = `370705002001${cell.properties.code.slice(12, 14)}9`
        return cell.properties.code
      },
    ],
    [
      'an unknown parent',
      'UNKNOWN_PARENT',
      (fc) => {
        const area = firstOfLevel(fc, 2)
        area.properties.parentCode = '370705002999'
        return area.properties.code
      },
    ],
    [
      'a wrong level',
      'WRONG_LEVEL',
      (fc) => {
        const cell = firstOfLevel(fc, 3)
        cell.properties.parentCode = cell.properties.code.slice(0, 12) // its community, a level-1 grid
        return cell.properties.code
      },
    ],
  ]

  it.each(cases)('%s', async (_name, kind, spoil) => {
    const fc = street()
    const culprit = spoil(fc)
    const res = await importTree(fc)
    expect(res.statusCode).toBe(422)
    const body = res.json<{
      code: string
      details: { kind: string; code: string; featureIndex: number; message: string }[]
    }>()
    expect(body.code).toBe('GRID_TREE_REJECTED')
    expect(body.details).toEqual(expect.arrayContaining([expect.objectContaining({ kind, code: culprit })]))
    expect(await fingerprint()).toBe(before)
  })

  it('refuses a body that is no FeatureCollection with 400', async () => {
    const res = await importTree({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { level: 1 }, geometry: null }],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json<{ details: unknown[] }>().details.length).toBeGreaterThan(0)
    expect(await fingerprint()).toBe(before)
  })
})

describe('export and import', () => {
  it('exports exactly what the seed generated', async () => {
    const app = await appPromise
    const res = await app.inject('/api/grids/export')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(generateStreet())
  })

  it('import ∘ export is the identity, and grid ids survive', async () => {
    const app = await appPromise
    const before = await fingerprint()
    const exported = (await app.inject('/api/grids/export')).json()
    const res = await importTree(exported)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ counts: { 1: 9, 2: 65, 3: 1360 }, removed: 0, changes: [], warnings: [] })
    expect(await fingerprint()).toBe(before)
    expect((await app.inject('/api/grids/export')).json()).toEqual(exported)
  })

  it('analyzes the grids and their shapes, so the layers are planned for the tree just imported', async () => {
    const app = await appPromise
    const analyses = () =>
      withClient(async (c) =>
        (
          await c.query<{ n: number }>(
            `select analyze_count::int n from pg_stat_user_tables where relname in ('grids', 'grid_shapes') order by relname`,
          )
        ).rows.map((r) => r.n),
      )
    const before = await analyses()
    expect((await importTree((await app.inject('/api/grids/export')).json())).statusCode).toBe(200)
    expect(await analyses()).toEqual(before.map((n) => n + 1))
  })

  it('applies a changed tree and keeps the ids of grids whose code stays', async () => {
    const app = await appPromise
    const fc = street()
    const cell = firstOfLevel(fc, 3)
    const idBefore = await withClient(
      async (c) =>
        (await c.query<{ id: number }>('select id from grids where code = $1', [cell.properties.code])).rows[0]!.id,
    )
    cell.properties.name = '改名测试网格'
    expect((await importTree(fc)).statusCode).toBe(200)
    const after = (await app.inject(`/api/grids/${idBefore}`)).json<{ code: string; name: string }>()
    expect(after).toMatchObject({ code: cell.properties.code, name: '改名测试网格' })
    // The map's pre-simplified shapes are rebuilt in the same transaction.
    const layer = (await app.inject('/api/grids?level=3&zoom=17')).json<{
      features: { properties: { id: number; name: string } }[]
    }>()
    expect(layer.features.find((f) => f.properties.id === idBefore)?.properties.name).toBe('改名测试网格')
    expect((await importTree(street())).statusCode).toBe(200)
    expect((await app.inject('/api/grids/export')).json()).toEqual(generateStreet())
  })
})

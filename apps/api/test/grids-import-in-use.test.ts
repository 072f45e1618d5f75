import { afterAll, describe, expect, it } from 'vitest'
import { generateStreet } from '@wangge/seed'
import type { GridFeatureCollection } from '@wangge/grid'
import { DEMO, signedInApp, withClient } from './helper.ts'
import { rowCounts } from './row-counts.ts'

const appPromise = signedInApp(DEMO.admin)
afterAll(async () => (await appPromise).close())

const fingerprint = () =>
  withClient(
    async (c) =>
      (
        await c.query<{ f: string }>(
          `select md5(string_agg(id || code || name || coalesce(parent_id, 0) || ST_AsEWKB(geom)::text, ',' order by id)) f from grids`,
        )
      ).rows[0]!.f,
  )

/** What the database says a grid holds: incidents on any level of their chain, stations, users' scopes. */
const holdings = (code: string) =>
  withClient(
    async (c) =>
      (
        await c.query<{ code: string; name: string; incidents: number; stations: number; userScopes: number }>(
          `
    select g.code, g.name,
      (select count(*)::int from incidents i where g.id in (i.grid_l1_id, i.grid_l2_id, i.grid_l3_id)) incidents,
      (select count(*)::int from stations s where s.grid_id = g.id) stations,
      (select count(*)::int from user_grids u where u.grid_id = g.id) "userScopes"
    from grids g where g.code = $1`,
          [code],
        )
      ).rows[0]!,
  )

/** The street with one grid's code changed (and its children re-parented): the old code is removed, a new one added. */
function recoded(fc: GridFeatureCollection, from: string, to: string): GridFeatureCollection {
  for (const f of fc.features) {
    if (f.properties.code === from) f.properties.code = to
    if (f.properties.parentCode === from) f.properties.parentCode = to
  }
  return fc
}

describe('an import that removes grids still in use', () => {
  it('answers 409 GRIDS_IN_USE naming each grid and what it holds, and changes nothing', async () => {
    const app = await appPromise
    // A unit grid with the demo worker's scope and seeded incidents; an area with stations and incidents.
    const cell = '370705002001001'
    const area = '37070500200102'
    const expected = [await holdings(area), await holdings(cell)]
    expect(expected[0]!.stations).toBeGreaterThan(0)
    expect(expected[1]!.incidents + expected[1]!.userScopes).toBeGreaterThan(0)
    const fc = recoded(recoded(structuredClone(generateStreet()), cell, '370705002001999'), area, '37070500200199')
    const before = { grids: await fingerprint(), rows: await withClient((c) => rowCounts(c, ['sessions'])) }

    const res = await app.inject({ method: 'POST', url: '/api/grids/import', payload: fc as object })
    expect(res.statusCode).toBe(409)
    const body = res.json<{ code: string; message: string; details: unknown[] }>()
    expect(body.code).toBe('GRIDS_IN_USE')
    expect(body.message).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ /)
    expect(body.details).toEqual(expected.map((h) => expect.objectContaining(h)))

    expect(await fingerprint()).toBe(before.grids)
    expect(await withClient((c) => rowCounts(c, ['sessions']))).toEqual(before.rows)
  })

  it('still replaces a tree whose removed grids hold nothing', async () => {
    const app = await appPromise
    // A new unit grid code for a cell nobody works in and nothing happened in: recoded and back again.
    const idle = await withClient(
      async (c) =>
        (
          await c.query<{ code: string }>(`
      select g.code from grids g where g.level = 3
        and not exists (select 1 from incidents i where i.grid_l3_id = g.id)
        and not exists (select 1 from user_grids u where u.grid_id = g.id)
        and not exists (select 1 from stations s where s.grid_id = g.id)
      order by g.code limit 1`)
        ).rows[0]?.code,
    )
    if (idle === undefined) return // every cell of the seeded street is in use: nothing to show here
    const res = await app.inject({
      method: 'POST',
      url: '/api/grids/import',
      payload: recoded(structuredClone(generateStreet()), idle, `${idle.slice(0, 12)}999`) as object,
    })
    expect(res.json()).toMatchObject({ removed: 1 })
    expect(
      (await app.inject({ method: 'POST', url: '/api/grids/import', payload: generateStreet() as object })).json(),
    ).toMatchObject({ removed: 1 })
    expect((await app.inject('/api/grids/export')).json()).toEqual(generateStreet())
  })
})

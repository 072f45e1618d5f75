import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { cityStreets, generateCity, generateStreet } from '@wangge/seed'
import type { GridFeatureCollection } from '@wangge/grid'
import { createKysely } from '../src/db/create-kysely.ts'
import { createGridImportService } from '../src/plugins/app/grids/grid-import-service.ts'
import { createGridsRepository } from '../src/plugins/app/grids/grids-repository.ts'
import { databaseUrl, pointInGrid, withClient } from './helper.ts'

// The city generator's trees go through the real import (staging, the PostGIS checks, the merge by code), as the
// city bench lays its 100,000 unit grids. Small here: two more streets of three communities beside the seeded
// street, which stays (its grids hold the seed's cases and accounts), and the street alone is put back after.
const pool = new pg.Pool({ connectionString: databaseUrl(), max: 1 })
const db = createKysely(pool)
const importer = createGridImportService(db)
const actor = { id: null, address: 'city-import.test' }

afterAll(async () => {
  await importer.replaceTree(generateStreet(), actor)
  await db.destroy()
})

const unitGridCount = () =>
  withClient(
    async (c) => (await c.query<{ n: number }>('select count(*)::int n from grids where level = 3')).rows[0]!.n,
  )

describe('a generated city through the grid import', () => {
  it('passes the import’s checks and adds every grid of the other streets, the street’s own grids kept', async () => {
    const street = generateStreet()
    const others = generateCity({ streets: 3, communitiesPerStreet: 3, withoutReference: true })
    const idsBefore = await withClient(
      async (c) =>
        (await c.query<{ f: string }>(`select string_agg(id || code, ',' order by id) f from grids`)).rows[0]!.f,
    )
    const city: GridFeatureCollection = {
      type: 'FeatureCollection',
      features: [...street.features, ...others.features],
    }

    const result = await importer.replaceTree(city, actor)

    const level = (fc: GridFeatureCollection, l: number) => fc.features.filter((f) => f.properties.level === l).length
    expect(result.removed).toBe(0)
    expect(result.counts).toEqual({ 1: level(city, 1), 2: level(city, 2), 3: level(city, 3) })
    expect(await unitGridCount()).toBe(level(city, 3))
    // The street's grids kept their ids: what the seed bound to them stays bound.
    const idsAfter = await withClient(
      async (c) =>
        (
          await c.query<{ f: string }>(
            `select string_agg(id || code, ',' order by id) f from grids where code like '370705002%'`,
          )
        ).rows[0]!.f,
    )
    expect(idsAfter).toBe(idsBefore)
  })

  it('locates a point of a copied street in the copy’s unit grid, under the copy’s area and community', async () => {
    const second = cityStreets(2)[1]!.divisionCode
    const code = `${second}002017`
    const { lng, lat } = await pointInGrid(code)
    const chain = await createGridsRepository(db, pool).chainAt(lng, lat)
    expect(chain?.map((g) => g.code)).toEqual([
      `${second}002`,
      expect.stringMatching(new RegExp(`^${second}002\\d\\d$`)),
      code,
    ])
  })

  it('is refused when a copied street is laid over another', async () => {
    const others = generateCity({ streets: 2, communitiesPerStreet: 1, withoutReference: true })
    // The second street's first community moved back onto the reference street's: level-1 siblings overlap.
    const onTop = others.features.map((f) =>
      f.properties.level !== 1
        ? f
        : {
            ...f,
            geometry: generateStreet().features.find((s) => s.properties.code === '370705002001')!.geometry,
          },
    )
    await expect(
      importer.replaceTree({ type: 'FeatureCollection', features: [...generateStreet().features, ...onTop] }, actor),
    ).rejects.toMatchObject({
      details: expect.arrayContaining([expect.objectContaining({ kind: 'OVERLAPPING_SIBLINGS' })]),
    })
  })
})

import { describe, expect, it } from 'vitest'
import { migrations } from '@wangge/migrations'
import type { Kysely } from 'kysely'
import { migrateDown, migrateToLatest } from '../src/db/migrate.ts'
import { withDatabase } from '../src/db/prepare-database.ts'
import { seedDatabase } from '../src/seed/seed-database.ts'
import { TEST_DATA_KEY } from './test-data-key.ts'
import { databaseUrl, withClient } from './helper.ts'

const migrationNames = Object.keys(migrations)

const gridsTableExists = () =>
  withClient(
    async (c) =>
      (await c.query<{ t: string | null }>(`select to_regclass('public.grids')::text t`)).rows[0]!.t !== null,
  )

describe('migrations', () => {
  it('go down and up again, and the seed refills the tree', async () => {
    await withDatabase(databaseUrl(), async (db) => {
      // Every migration steps down on its own, newest first, and all of them come back up in order.
      for (const name of [...migrationNames].reverse()) expect(await migrateDown(db as Kysely<unknown>)).toEqual([name])
      expect(await gridsTableExists()).toBe(false)
      expect(await migrateToLatest(db as Kysely<unknown>)).toEqual(migrationNames)
      expect(await gridsTableExists()).toBe(true)
      // Accounts: the 6 demo accounts, a worker for each of the other 1,359 unit grids, a handler for each of the other 6 departments.
      expect(await seedDatabase(db, { dataKey: TEST_DATA_KEY })).toEqual({
        grids: { 1: 9, 2: 65, 3: 1360 },
        accounts: 6 + 1359 + 6,
        incidents: expect.any(Number),
        stations: 9 + 65,
        registry: {
          buildings: expect.any(Number),
          houses: expect.any(Number),
          residents: expect.any(Number),
          organisations: expect.any(Number),
        },
      })
      expect(await seedDatabase(db, { dataKey: TEST_DATA_KEY })).toEqual({
        grids: 'kept',
        accounts: 'kept',
        incidents: 'kept',
        stations: 'kept',
        registry: 'kept',
      })
    })
  })

  it('index grid geometry with GiST and type it as MultiPolygon in SRID 4326', async () => {
    const { rows } = await withClient((c) =>
      c.query<{ type: string; srid: number; gist: boolean }>(`
        select type, srid, exists (select 1 from pg_indexes where tablename = 'grids' and indexdef ilike '%using gist (geom)%') gist
        from geometry_columns where f_table_name = 'grids' and f_geometry_column = 'geom'`),
    )
    expect(rows).toEqual([{ type: 'MULTIPOLYGON', srid: 4326, gist: true }])
  })
})

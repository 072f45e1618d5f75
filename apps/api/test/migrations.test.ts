import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { migrateDown, migrateToLatest } from '../src/db/migrate.ts'
import { withDatabase } from '../src/db/prepare-database.ts'
import { seedDatabase } from '../src/seed/seed-database.ts'
import { databaseUrl, withClient } from './helper.ts'

const gridsTableExists = () =>
  withClient(async (c) => (await c.query<{ t: string | null }>(`select to_regclass('public.grids')::text t`)).rows[0]!.t !== null)

describe('migrations', () => {
  it('go down and up again, and the seed refills the tree', async () => {
    await withDatabase(databaseUrl(), async (db) => {
      expect(await migrateDown(db as Kysely<unknown>)).toEqual(['0007-events'])
      expect(await migrateDown(db as Kysely<unknown>)).toEqual(['0005-incidents'])
      expect(await migrateDown(db as Kysely<unknown>)).toEqual(['0004-audit-log'])
      expect(await migrateDown(db as Kysely<unknown>)).toEqual(['0003-accounts'])
      expect(await migrateDown(db as Kysely<unknown>)).toEqual(['0002-grid-shapes'])
      expect(await migrateDown(db as Kysely<unknown>)).toEqual(['0001-grids'])
      expect(await gridsTableExists()).toBe(false)
      expect(await migrateToLatest(db as Kysely<unknown>)).toEqual(['0001-grids', '0002-grid-shapes', '0003-accounts', '0004-audit-log', '0005-incidents', '0007-events'])
      expect(await gridsTableExists()).toBe(true)
      expect(await seedDatabase(db)).toEqual({ grids: { 1: 9, 2: 65, 3: 1360 }, accounts: 6, incidents: expect.any(Number) })
      expect(await seedDatabase(db)).toEqual({ grids: 'kept', accounts: 'kept', incidents: 'kept' })
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

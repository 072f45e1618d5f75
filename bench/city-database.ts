import pg from 'pg'
import { generateCity, generateStreet, streetsForUnitGrids } from '@wangge/seed'
import { createKysely } from '../apps/api/src/db/create-kysely.ts'
import { createGridImportService } from '../apps/api/src/plugins/app/grids/grid-import-service.ts'
import { catchUpRollups, requestRollupRebuild } from '../apps/api/src/plugins/app/dashboard/rollup-consumer.ts'
import { maintainDatabase } from './bench-database.ts'
import { fillCityCases } from './city-fill.ts'
import { openCityBacklog } from './city-open-cases.ts'

/** The city's size (issue 21): 100,000 unit grids and ten million cases, both overridable for a smaller rehearsal. */
export const CITY_UNIT_GRIDS = Number(process.env.CITY_UNIT_GRIDS ?? 100_000)
export const CITY_CASES = Number(process.env.CITY_CASES ?? 10_000_000)

/**
 * The city bench's database: BENCH_DATABASE_URL, or `wangge_city_bench` on the local server (created with PostGIS
 * when missing). Never the reference street's `wangge_bench`: a city in it would move every street figure.
 */
export async function cityDatabaseUrl(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' })
  await admin.connect()
  const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'wangge_city_bench'`)
  if (!rowCount) await admin.query('create database wangge_city_bench')
  await admin.end()
  const url = 'postgres://postgres@127.0.0.1:5432/wangge_city_bench'
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  await db.query('create extension if not exists postgis')
  await db.end()
  return url
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`

/**
 * Grows a seeded bench database into the city, once (later runs find it there): the generator's streets beside the
 * reference street through the real grid import (staged, checked in PostGIS, merged by code: the street's grids keep
 * their ids, so the seed's accounts and cases stay bound), then the cases (city-fill.ts) with a backlog of open ones
 * (city-open-cases.ts), then the dashboard's roll-ups rebuilt from them, since a bulk fill writes no events.
 */
export async function prepareCity(databaseUrl: string): Promise<void> {
  // The import plans its sibling-overlap check itself (grid-tree-checks.ts): the bench imports as anyone would.
  const db = createKysely(new pg.Pool({ connectionString: databaseUrl, max: 1 }))
  try {
    const streets = streetsForUnitGrids(CITY_UNIT_GRIDS)
    const units = await db
      .selectFrom('grids')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('level', '=', 3)
      .executeTakeFirstOrThrow()
    if (Number(units.n) < CITY_UNIT_GRIDS) {
      let started = Date.now()
      const city = generateCity({ streets })
      const street = generateStreet()
      console.log(`city: generated ${city.features.length.toLocaleString('en')} grids in ${seconds(started)}`)
      started = Date.now()
      const result = await createGridImportService(db).replaceTree(city, { id: null, address: 'bench city' })
      console.log(
        `city: imported ${streets} streets (${result.counts[1]} communities, ${result.counts[2].toLocaleString('en')} areas, ` +
          `${result.counts[3].toLocaleString('en')} unit grids; the street's ${street.features.length.toLocaleString('en')} kept) in ${seconds(started)}`,
      )
    }
    const filled = await fillCityCases(databaseUrl, CITY_CASES)
    const opened = await openCityBacklog(databaseUrl)
    if (filled || opened > 0 || !(await rolledUp(databaseUrl))) {
      let started = Date.now()
      await requestRollupRebuild(db)
      await catchUpRollups(db)
      console.log(`city: dashboard roll-ups rebuilt in ${seconds(started)}`)
      // The fill's triggers were off: the map's counts per cell (migrations 0078–0079) are recounted from the cases.
      started = Date.now()
      const client = new pg.Client({ connectionString: databaseUrl })
      await client.connect()
      await client.query('select incident_cluster_cells_recount()').finally(() => client.end())
      console.log(`city: the map's counts per cell recounted in ${seconds(started)}`)
      // What autovacuum would have done by the time a city had grown so (this machine's server runs without it): the
      // visibility map set over ten million new rows, and the roll-ups' rebuild's dead rows gone.
      started = Date.now()
      await maintainDatabase(databaseUrl, 'vacuum (analyze)')
      console.log(`city: vacuumed in ${seconds(started)}`)
    }
  } finally {
    await db.destroy()
  }
}

/** Whether the dashboard's roll-ups hold anything (their tables are written in SQL, outside the typed schema). */
async function rolledUp(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return ((await client.query('select 1 from dashboard_area_days limit 1')).rowCount ?? 0) > 0
  } finally {
    await client.end()
  }
}

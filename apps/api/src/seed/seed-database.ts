import type { Kysely } from 'kysely'
import { generateStreet } from '@wangge/seed'
import type { Database } from '../db/database-schema.ts'
import { createGridImportService } from '../plugins/app/grids/grid-import-service.ts'
import { seedCalendar, seedCategories, seedDemoAccounts, seedDepartments } from './seed-reference-data.ts'
import { seedIncidents } from './seed-incidents.ts'
import { seedHistory } from './seed-history.ts'
import { requestRollupRebuild } from '../plugins/app/dashboard/rollup-consumer.ts'
import { seedStations } from './seed-stations.ts'
import { seedRegistry, type RegistrySeedReport } from './seed-registry.ts'
import { createRegistryCipher } from '../plugins/app/registry/registry-cipher.ts'
import type { Actor } from '../plugins/app/audit/audit-log.ts'
import { quietProgress, type StartupProgress } from '../db/startup-progress.ts'

const SEED_ACTOR: Actor = { id: null, address: 'seed' }

export interface SeedReport {
  grids: Record<1 | 2 | 3, number> | 'kept'
  /** Demo accounts and the street's staff created, or 'kept' when there were users already. */
  accounts: number | 'kept'
  /** Demo incidents of the last 90 days, or 'kept' when there were incidents already. */
  incidents: number | 'kept'
  /** Stations (one per community and per area, with a year of audits), or 'kept' when there were stations already. */
  stations: number | 'kept'
  /** The registry's synthetic population, 'kept' when there was one, 'skipped' without a DATA_KEY to seal it with. */
  registry: RegistrySeedReport | 'kept' | 'skipped'
}

/**
 * Seeds the reference street: its grid tree, through the same import service as any uploaded tree so the seed is
 * held to the same checks (an existing tree is kept unless `force` is set), then departments and demo accounts.
 */
export async function seedDatabase(
  db: Kysely<Database>,
  {
    force = false,
    progress = quietProgress,
    dataKey,
  }: { force?: boolean; progress?: StartupProgress; dataKey?: string } = {},
): Promise<SeedReport> {
  const existing = await db.selectFrom('grids').select('id').limit(1).executeTakeFirst()
  const grids = existing && !force ? ('kept' as const) : await seedGrids(db, progress)
  // On a restart every step below finds its rows and keeps them at once: nothing worth announcing.
  const say = grids === 'kept' ? quietProgress : progress
  say('写入部门、类别和工作日历…', 'seeding departments, categories and the working calendar…')
  await seedDepartments(db)
  await seedCategories(db)
  await seedCalendar(db)
  // Accounts after grids and departments: their scopes name grids and departments by code.
  say('写入演示账号和各网格的网格员…', 'seeding the demo accounts and a worker for every unit grid…')
  const accounts = await seedDemoAccounts(db)
  say('写入近 90 天的案卷及其流转记录…', 'seeding the last 90 days of incidents with their histories…')
  const incidents = await seedIncidents(db)
  // The bulk insert writes no events: the dashboard's roll-ups are recomputed from the incidents on the next pass.
  if (incidents !== 'kept') {
    say('写入此前一年的历史案卷…', 'seeding the year of finished cases before them…')
    await seedHistory(db)
  }
  if (incidents !== 'kept') await requestRollupRebuild(db)
  say('写入站点及一年的六有检查…', 'seeding the stations with a year of six-haves audits…')
  const stations = await seedStations(db)
  say('写入实有人口、房屋和单位（加密证件号和电话）…', 'seeding the registry (ID numbers and phones encrypted)…')
  const registry = dataKey ? await seedRegistry(db, createRegistryCipher(dataKey)) : ('skipped' as const)
  return { grids, accounts, incidents, stations, registry }
}

async function seedGrids(db: Kysely<Database>, progress: StartupProgress): Promise<Record<1 | 2 | 3, number>> {
  const street = generateStreet()
  const count = street.features.length.toLocaleString('en-US')
  progress(
    `写入网格 ${count} 个并检查（重叠、越界、缝隙）…`,
    `seeding ${count} grids and checking them (overlaps, containment, gaps)…`,
  )
  return (await createGridImportService(db).replaceTree(street, SEED_ACTOR)).counts
}

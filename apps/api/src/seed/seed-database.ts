import type { Kysely } from 'kysely'
import { generateStreet } from '@wangge/seed'
import type { Database } from '../db/database-schema.ts'
import { createGridImportService } from '../plugins/app/grids/grid-import-service.ts'
import { seedCalendar, seedCategories, seedDemoAccounts, seedDepartments } from './seed-reference-data.ts'
import { seedIncidents } from './seed-incidents.ts'
import { seedStations } from './seed-stations.ts'
import type { Actor } from '../plugins/app/audit/audit-log.ts'

const SEED_ACTOR: Actor = { id: null, address: 'seed' }

export interface SeedReport {
  grids: Record<1 | 2 | 3, number> | 'kept'
  /** Demo accounts and the street's staff created, or 'kept' when there were users already. */
  accounts: number | 'kept'
  /** Demo incidents of the last 90 days, or 'kept' when there were incidents already. */
  incidents: number | 'kept'
  /** Stations (one per community and per area, with a year of audits), or 'kept' when there were stations already. */
  stations: number | 'kept'
}

/**
 * Seeds the reference street: its grid tree, through the same import service as any uploaded tree so the seed is
 * held to the same checks (an existing tree is kept unless `force` is set), then departments and demo accounts.
 */
export async function seedDatabase(db: Kysely<Database>, { force = false } = {}): Promise<SeedReport> {
  const existing = await db.selectFrom('grids').select('id').limit(1).executeTakeFirst()
  const grids = existing && !force ? ('kept' as const) : (await createGridImportService(db).replaceTree(generateStreet(), SEED_ACTOR)).counts
  await seedDepartments(db)
  await seedCategories(db)
  await seedCalendar(db)
  // Accounts after grids and departments: their scopes name grids and departments by code.
  const accounts = await seedDemoAccounts(db)
  const incidents = await seedIncidents(db)
  return { grids, accounts, incidents, stations: await seedStations(db) }
}

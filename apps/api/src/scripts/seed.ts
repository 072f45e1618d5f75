import type { Kysely } from 'kysely'
import { migrateToLatest } from '../db/migrate.ts'
import { withDatabase } from '../db/prepare-database.ts'
import { seedDatabase } from '../seed/seed-database.ts'
import { requireDatabaseUrl } from './database-url.ts'

// pnpm db:seed [--force]   (--force replaces an existing grid tree with the reference street)
const report = await withDatabase(requireDatabaseUrl(), async (db) => {
  await migrateToLatest(db as Kysely<unknown>)
  return seedDatabase(db, { force: process.argv.includes('--force') })
})
console.log(JSON.stringify(report))

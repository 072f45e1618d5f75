import type { Kysely } from 'kysely'
import { migrateToLatest } from '../db/migrate.ts'
import { withDatabase } from '../db/prepare-database.ts'
import { seedDatabase } from '../seed/seed-database.ts'
import { requireDatabaseUrl } from './database-url.ts'
import { loadConfig } from '../config.ts'
import { registryDataKey } from '../plugins/app/registry/registry-cipher.ts'

// pnpm db:seed [--force]   (--force replaces an existing grid tree with the reference street)
// The registry is sealed with DATA_KEY, or the key in DATA_DIR: the one the server will run with.
const config = loadConfig()
const dataKey = await registryDataKey(config.DATA_KEY, config.DATA_DIR)
const report = await withDatabase(requireDatabaseUrl(), async (db) => {
  await migrateToLatest(db as Kysely<unknown>)
  return seedDatabase(db, { force: process.argv.includes('--force'), dataKey })
})
console.log(JSON.stringify(report))

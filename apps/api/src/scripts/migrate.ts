import type { Kysely } from 'kysely'
import { migrateDown, migrateToLatest } from '../db/migrate.ts'
import { withDatabase } from '../db/prepare-database.ts'
import { requireDatabaseUrl } from './database-url.ts'

// pnpm db:migrate [--down]
const down = process.argv.includes('--down')
const names = await withDatabase(requireDatabaseUrl(), (db) =>
  down ? migrateDown(db as Kysely<unknown>) : migrateToLatest(db as Kysely<unknown>),
)
console.log(names.length ? `${down ? 'reverted' : 'applied'}: ${names.join(', ')}` : 'already up to date')

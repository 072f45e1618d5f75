import type { Kysely } from 'kysely'
import { Migrator } from 'kysely/migration'
import { migrationProvider } from '@wangge/migrations'

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

export async function migrateDown(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateDown()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).map((r) => r.migrationName)
}

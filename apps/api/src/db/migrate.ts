import type { Kysely } from 'kysely'
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration'
import { migrationProvider } from '@wangge/migrations'
import { quietProgress, type StartupProgress } from './startup-progress.ts'

export async function migrateToLatest(
  db: Kysely<unknown>,
  progress: StartupProgress = quietProgress,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: announcing(migrationProvider, progress) })
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

/** The same migrations, each saying "migrating n/total" as it starts (only pending ones run, so only they speak). */
function announcing(provider: MigrationProvider, progress: StartupProgress): MigrationProvider {
  return {
    async getMigrations() {
      const migrations = await provider.getMigrations()
      const names = Object.keys(migrations)
      return Object.fromEntries(
        names.map((name, index): [string, Migration] => {
          const migration = migrations[name]!
          const step = `${index + 1}/${names.length} ${name}`
          return [
            name,
            {
              ...migration,
              up: async (db) => {
                progress(`迁移 ${step}`, `migrating ${step}`)
                await migration.up(db)
              },
            },
          ]
        }),
      )
    },
  }
}

import pg from 'pg'
import type { Kysely } from 'kysely'
import { createKysely } from './create-kysely.ts'
import type { Database } from './database-schema.ts'
import { migrateToLatest } from './migrate.ts'
import { seedDatabase, type SeedReport } from '../seed/seed-database.ts'
import { quietProgress, type StartupProgress } from './startup-progress.ts'

/** Runs work against a database on a short-lived single connection of its own (safe on the embedded one too). */
export async function withDatabase<T>(url: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const db = createKysely(new pg.Pool({ connectionString: url, max: 1 }))
  try {
    return await work(db)
  } finally {
    await db.destroy()
  }
}

/** Migrates to the latest schema and, when asked, seeds an empty database with the reference street. */
export async function prepareDatabase(
  url: string,
  {
    seed,
    progress = quietProgress,
    dataKey,
  }: { seed: boolean; progress?: StartupProgress; /** seals the registry's seeded numbers */ dataKey?: string },
): Promise<{ migrated: string[]; seeded: SeedReport | null }> {
  return withDatabase(url, async (db) => {
    const migrated = await migrateToLatest(db as Kysely<unknown>, progress)
    const seeded = seed ? await seedDatabase(db, { progress, dataKey }) : null
    return { migrated, seeded }
  })
}

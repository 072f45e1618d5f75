import type { Kysely } from 'kysely'
import { generateStreet } from '@wangge/seed'
import type { Database } from '../db/database-schema.ts'
import { createGridImportService } from '../plugins/app/grids/grid-import-service.ts'

export interface SeedReport {
  grids: Record<1 | 2 | 3, number> | 'kept'
}

/**
 * Seeds the reference street. The grid tree goes in through the same import service as any uploaded tree, so the
 * seed is held to the same checks. An existing tree is kept unless `force` is set.
 */
export async function seedDatabase(db: Kysely<Database>, { force = false } = {}): Promise<SeedReport> {
  const existing = await db.selectFrom('grids').select('id').limit(1).executeTakeFirst()
  if (existing && !force) return { grids: 'kept' }
  const { counts } = await createGridImportService(db).replaceTree(generateStreet())
  return { grids: counts }
}

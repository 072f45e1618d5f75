import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'

const TTL_MS = 60_000
let cache: { at: number; ids: Map<string, number> } | undefined

/**
 * Sub-category ids by code, kept for a minute: every report needs one, and categories change a few times a year.
 * A code not found forces a reload, so a category added a moment ago is found on its first use.
 */
export async function subCategoryIdByCode(db: Kysely<Database>, code: string): Promise<number | undefined> {
  const fresh = cache && Date.now() - cache.at < TTL_MS
  if (!fresh || !cache!.ids.has(code)) {
    const rows = await db.selectFrom('categories').select(['id', 'code']).where('parent_id', 'is not', null).execute()
    cache = { at: Date.now(), ids: new Map(rows.map((r) => [r.code, r.id])) }
  }
  return cache!.ids.get(code)
}

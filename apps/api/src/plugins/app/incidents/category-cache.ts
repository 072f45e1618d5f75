import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'

export interface SubCategory {
  id: number
  code: string
  name: string
  nameEn: string
}

const TTL_MS = 60_000
let cache: { at: number; byCode: Map<string, SubCategory> } | undefined

/**
 * Sub-categories by code, kept for a minute: every report needs one, and categories change a few times a year.
 * A code not found forces a reload, so a category added a moment ago is found on its first use.
 */
export async function subCategoryByCode(db: Kysely<Database>, code: string): Promise<SubCategory | undefined> {
  const fresh = cache && Date.now() - cache.at < TTL_MS
  if (!fresh || !cache!.byCode.has(code)) {
    const rows = await db
      .selectFrom('categories')
      .select(['id', 'code', 'name', 'name_en as nameEn'])
      .where('parent_id', 'is not', null)
      .execute()
    cache = { at: Date.now(), byCode: new Map(rows.map((r) => [r.code, r])) }
  }
  return cache!.byCode.get(code)
}

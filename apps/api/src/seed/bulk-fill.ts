import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/database-schema.ts'

/**
 * Runs `fill` on empty tables with their foreign keys and secondary indexes lifted, then puts each back exactly as
 * it was (same name, same definition), inside the caller's transaction, as a dump's restore does.
 *
 * Why: on the embedded database (PGlite, one WASM thread) every inserted row fired one trigger per foreign key and
 * one insertion per index. The registry's 60,000 seeded rows carry three or four keys each (the grid chain, their
 * house or building): those per-row checks were half of the seed's time. Re-adding a key validates all rows in one
 * set-based pass, and building an index from sorted rows is cheaper than growing it row by row, so nothing is left
 * unchecked: a row that broke a key still fails the seed, at the re-add.
 *
 * Primary keys and unique constraints stay in place: they guard the fill itself.
 */
export async function withKeysAndIndexesLifted<T>(
  tx: Kysely<Database>,
  tables: readonly string[],
  fill: () => Promise<T>,
): Promise<T> {
  const targets = sql`array[${sql.join(tables.map((t) => sql`${t}::regclass`))}]`
  const { rows: keys } = await sql<{ lift: string; restore: string }>`
    select format('alter table %s drop constraint %I', conrelid::regclass, conname) lift,
      format('alter table %s add constraint %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) restore
    from pg_constraint where contype = 'f' and conrelid = any(${targets}) order by conrelid, conname`.execute(tx)
  const { rows: indexes } = await sql<{ lift: string; restore: string }>`
    select format('drop index %s', i.indexrelid::regclass) lift, pg_get_indexdef(i.indexrelid) restore
    from pg_index i
    where i.indrelid = any(${targets}) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by i.indrelid, i.indexrelid`.execute(tx)
  for (const { lift } of [...keys, ...indexes]) await sql.raw(lift).execute(tx)
  const result = await fill()
  for (const { restore } of [...indexes, ...keys]) await sql.raw(restore).execute(tx)
  return result
}

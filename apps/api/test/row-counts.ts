import type pg from 'pg'

/**
 * Exact row counts of every table in `public`, in one statement (n_live_tup is an estimate, and lags). Cheap on the
 * seeded street: the largest tables hold a few thousand rows.
 */
export async function rowCounts(client: pg.Client, except: readonly string[] = []): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'public' and not (tablename = any($1)) order by tablename`, [except])
  if (tables.length === 0) return {}
  const { rows } = await client.query<{ name: string; n: number }>(
    tables.map((t, i) => `select $${i + 1}::text as name, (select count(*)::int from public.${client.escapeIdentifier(t.name)}) as n`).join(' union all '),
    tables.map((t) => t.name),
  )
  return Object.fromEntries(rows.map((r) => [r.name, r.n]))
}

import type pg from 'pg'

/** The tables of `public` (PostGIS's own spatial_ref_sys aside), for choosing which to count. */
export async function publicTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'spatial_ref_sys' order by tablename`,
  )
  return rows.map((r) => r.name)
}

/** Exact row counts of the given tables in one statement (n_live_tup is an estimate, and lags). */
export async function countRows(client: pg.Client, tables: readonly string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {}
  const { rows } = await client.query<{ name: string; n: number }>(
    tables
      .map(
        (t, i) =>
          `select $${i + 1}::text as name, (select count(*)::int from public.${client.escapeIdentifier(t)}) as n`,
      )
      .join(' union all '),
    [...tables],
  )
  return Object.fromEntries(rows.map((r) => [r.name, r.n]))
}

/**
 * The dashboard's roll-ups: every app's consumer writes them from the event log in the background whenever it
 * catches up (a test file's app catches up on the events earlier files wrote), never as part of a request. The
 * map's counts per cell likewise: every app folds the changes committed cases appended into the cells each second
 * (cluster-cells-folder.ts). A request that wrote wrongly shows in the tables it wrote (the event log and the cases
 * among them), so a test of what a request wrote leaves these out.
 */
export function isWrittenInBackground(table: string): boolean {
  return /^(dashboard_|incident_cluster_cell)/.test(table)
}

/** Exact row counts of every table in `public` but `except` and the roll-ups written in the background. */
export async function rowCounts(client: pg.Client, except: readonly string[] = []): Promise<Record<string, number>> {
  return countRows(
    client,
    (await publicTables(client)).filter((t) => !except.includes(t) && !isWrittenInBackground(t)),
  )
}

import type pg from 'pg'
import type { CompiledQuery } from 'kysely'

/**
 * A named statement: PostgreSQL parses and plans it once per connection. Worth it only on hot paths whose planning
 * costs more than their execution — the point → grid chain lookup drops from ~0.3 ms to ~0.05 ms (p50).
 * `named: false` sends it unnamed (the embedded database cannot keep names apart across connections).
 */
export function preparedStatement<Row extends object>(pool: pg.Pool, name: string, text: string, { named = true } = {}) {
  const config = named ? { name, text } : { text }
  return async (values: unknown[]): Promise<Row[]> => (await pool.query<Row>({ ...config, values })).rows
}

/** Runs a query built with Kysely as a named statement (or unnamed where names are not safe; see above). */
export async function runPrepared<Row extends object>(pool: pg.Pool, name: string, query: CompiledQuery, { named = true } = {}): Promise<Row[]> {
  return (await pool.query<Row>({ ...(named ? { name } : {}), text: query.sql, values: [...query.parameters] })).rows
}

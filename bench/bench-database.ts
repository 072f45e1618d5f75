import pg from 'pg'

/**
 * Benchmarks run against a real PostGIS (DESIGN.md budgets): BENCH_DATABASE_URL, or a `wangge_bench` database on
 * the local server, created with PostGIS when missing.
 */
export async function benchDatabaseUrl(): Promise<string> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' })
  await admin.connect()
  const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'wangge_bench'`)
  if (!rowCount) await admin.query('create database wangge_bench')
  await admin.end()
  const url = 'postgres://postgres@127.0.0.1:5432/wangge_bench'
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  await db.query('create extension if not exists postgis')
  await db.end()
  return url
}

/**
 * Fresh planner statistics for every table. Nothing else may ever gather them: autovacuum can be off (it is on the
 * shared bench machine), and then a seeded or filled database is planned from guesses, which moves the figures
 * from one run to the next. Run before anything is measured; the reports bench's own reports from earlier runs
 * are counted too.
 */
export function analyzeDatabase(databaseUrl: string): Promise<void> {
  return maintainDatabase(databaseUrl, 'analyze')
}

/** Runs one maintenance statement (analyze, vacuum) on a connection of its own: neither may run in a transaction. */
export async function maintainDatabase(databaseUrl: string, statement: 'analyze' | 'vacuum (analyze)'): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    await db.query(statement)
  } finally {
    await db.end()
  }
}

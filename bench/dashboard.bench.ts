import pg from 'pg'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { createKysely } from '../apps/api/src/db/create-kysely.ts'
import { catchUpRollups, requestRollupRebuild } from '../apps/api/src/plugins/app/dashboard/rollup-consumer.ts'
import { report, summarize } from './stats.ts'

const TARGET = 1_000_000
const DAY_MS = 86_400_000
/** The Asia/Shanghai date of an instant (UTC+8 all year). */
const shanghaiDateOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * Fills the database to a million incidents reported over the last year (once; later runs find them), by cloning
 * the seeded cases onto other days of the year: day k of the clone is the seeded day shifted by a whole number of
 * weeks, so working days stay working days and the trend keeps its shape. Then the roll-ups are rebuilt from the
 * incidents (a bulk insert writes no events), as a seed's are.
 */
async function fillAYear(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const n = (await client.query<{ n: number }>('select count(*)::int n from incidents')).rows[0]!.n
    if (n < TARGET) {
      const started = Date.now()
      await client.query(`
        insert into incidents (case_number, client_id, category_id, description, address, status, location, accuracy_m,
          grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, assignee_user_id, assignee_department_id, registered_at,
          dispatched_at, due_at, handled_at, closed_at, closed_on_time, rework_count, extension_count, created_at,
          updated_at, source)
        select 'DASH-' || ${n} || '-' || s || '-' || i.id, gen_random_uuid(), i.category_id, i.description, i.address,
          case when i.status in ('closed', 'rejected') then i.status else 'closed' end, i.location, i.accuracy_m,
          i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, i.reporter_id, i.assignee_user_id, i.assignee_department_id,
          i.registered_at - shift, i.dispatched_at - shift, null, i.handled_at - shift,
          coalesce(i.closed_at, i.handled_at, i.created_at + interval '1 day') - shift,
          coalesce(i.closed_on_time, true), i.rework_count, i.extension_count, i.created_at - shift, i.updated_at, i.source
        from (select * from incidents where case_number like 'DY-%') i
        -- twice the copies needed: the ones shifted out of the year are left out, the limit keeps the million
        cross join generate_series(1, 2 * ceil(${TARGET - n}::numeric / (select count(*) from incidents where case_number like 'DY-%'))::int) s
        -- whole weeks back, wrapped into the year the seed covers
        cross join lateral (select (s % 52) * interval '1 week' as shift) w
        where i.created_at - shift > now() - interval '365 days'
        limit ${TARGET - n}`)
      await client.query('analyze incidents')
      console.log(`filled incidents to a million in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    }
    // The roll-ups follow the event log; a bulk fill writes no events, so they are rebuilt once after it (or when
    // an earlier run stopped before they were).
    const rolledUp = (await client.query<{ n: number }>('select count(*)::int n from dashboard_area_days')).rows[0]!.n
    if (n >= TARGET && rolledUp > 0) return n
    const started = Date.now()
    const db = createKysely(new pg.Pool({ connectionString: databaseUrl, max: 1 }))
    try {
      await requestRollupRebuild(db)
      await catchUpRollups(db)
    } finally {
      await db.destroy()
    }
    // The rebuild rewrote every roll-up row: without autovacuum (off on the bench machine) their dead versions
    // would stay in the indexes every read walks.
    await client.query(
      'vacuum analyze dashboard_area_days, dashboard_grid_days, dashboard_category_days, dashboard_assignee_days',
    )
    await client.query('analyze')
    console.log(`dashboard roll-ups rebuilt in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    return (await client.query<{ n: number }>('select count(*)::int n from incidents')).rows[0]!.n
  } finally {
    await client.end()
  }
}

async function signIn(baseUrl: string, role: 'manager'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: DEMO_ACCOUNTS.find((a) => a.role === role)!.phone, password: DEMO_PASSWORD }),
  })
  if (!res.ok) throw new Error(`sign-in as ${role}: ${res.status}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

async function timed(url: string, cookie: string, runs = 40) {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    const res = await fetch(url, { headers: { cookie } })
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`${url}: ${res.status}`)
    samples.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return summarize(samples.slice(5))
}

/**
 * Every dashboard request (DESIGN.md: p95 ≤ 100 ms at a million incidents over a year): the year, a quarter and a
 * month, street-wide (the manager) and for a community supervisor (the server's session).
 */
export async function benchDashboard(
  databaseUrl: string,
  baseUrl: string,
  supervisorCookie: string,
): Promise<boolean[]> {
  const total = await fillAYear(databaseUrl)
  const manager = await signIn(baseUrl, 'manager')
  const today = shanghaiDateOf(new Date())
  const daysBack = (n: number) => shanghaiDateOf(new Date(Date.now() - n * DAY_MS))
  const periods = {
    year: `from=${daysBack(364)}&to=${today}`,
    quarter: `from=${daysBack(89)}&to=${today}`,
    month: `from=${today.slice(0, 8)}01&to=${today}`,
  }
  const paths: [string, string][] = []
  for (const [name, range] of Object.entries(periods)) {
    paths.push([`summary, ${name}`, `/api/dashboard/summary?${range}`])
    paths.push([`trend, ${name}`, `/api/dashboard/trend?${range}`])
    for (const by of ['community', 'area', 'grid', 'department', 'worker'])
      paths.push([`ranking ${by}, ${name}`, `/api/dashboard/rankings?by=${by}&${range}`])
    paths.push([`breakdown, ${name}`, `/api/dashboard/breakdown?${range}`])
    paths.push([`heat, ${name}`, `/api/dashboard/heat?${range}`])
    paths.push([`stations, ${name}`, `/api/dashboard/stations?${range}`])
  }
  paths.push(['ranking export (worker), year', `/api/dashboard/rankings/export?by=worker&${periods.year}`])
  const results: boolean[] = []
  for (const [who, cookie] of [
    ['manager', manager],
    ['community supervisor', supervisorCookie],
  ] as const) {
    for (const [name, path] of paths) {
      const s = await timed(`${baseUrl}${path}`, cookie)
      results.push(report(`dashboard p95 (${who}: ${name}; ${(total / 1e6).toFixed(2)} M incidents)`, s.p95, 'ms', 100))
    }
  }
  return results
}

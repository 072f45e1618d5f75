import { randomUUID } from 'node:crypto'
import os from 'node:os'
import pg from 'pg'
import { io, type Socket } from 'socket.io-client'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { cpuSnapshot, type CpuSnapshot } from './cpu-usage.ts'
import { report } from './stats.ts'

const WORKERS = 200
const POINT_EVERY_MS = 10_000
const LOAD_SECONDS = Number(process.env.PATROL_BENCH_SECONDS ?? 60)
const PHONE_PREFIX = '1770' // 17700000000…: the bench's own workers, never a demo account
const HISTORY_INCIDENTS = 300_000
const HISTORY_DAYS = 365

/** 200 bench workers, one unit grid each, created once (the demo worker's password hash, so they can sign in). */
async function benchWorkers(db: pg.Client): Promise<{ id: number; phone: string; lng: number; lat: number }[]> {
  const demo = DEMO_ACCOUNTS.find((a) => a.role === 'worker')!.phone
  await db.query(
    `insert into users (name, phone, password_hash, role)
     select '巡查基准' || n, $1 || lpad(n::text, 7, '0'), (select password_hash from users where phone = $2), 'worker'
     from generate_series(1, $3::int) n
     on conflict (phone) do nothing`,
    [PHONE_PREFIX, demo, WORKERS],
  )
  await db.query(
    `insert into user_grids (user_id, grid_id)
     select u.id, g.id from
       (select id, row_number() over (order by phone) n from users where phone like $1 || '%') u
       join (select id, row_number() over (order by code) n from grids where level = 3) g on g.n = u.n
     on conflict do nothing`,
    [PHONE_PREFIX],
  )
  const { rows } = await db.query<{ id: number; phone: string; lng: number; lat: number }>(
    `select u.id, u.phone, ST_X(ST_PointOnSurface(g.geom)) lng, ST_Y(ST_PointOnSurface(g.geom)) lat
     from users u join user_grids ug on ug.user_id = u.id join grids g on g.id = ug.grid_id
     where u.phone like $1 || '%' order by u.phone`,
    [PHONE_PREFIX],
  )
  return rows
}

async function signIn(url: string, phone: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  })
  if (!res.ok) throw new Error(`sign-in of ${phone} failed: ${res.status} ${await res.text()}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => /^wangge\.sid=./.test(c))
    .at(-1)!
}

async function post(url: string, cookie: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify(body),
  })
}

function cpuSeconds(before: CpuSnapshot, after: CpuSnapshot): { api: number; database: number } {
  let database = 0
  for (const [pid, seconds] of after.backends) database += seconds - (before.backends.get(pid) ?? 0)
  return { api: (after.server ?? 0) - (before.server ?? 0), database }
}

/**
 * A year of history for the month's assessment: cases spread over the last 365 days (a share dispatched to
 * departments and handled, some reworked or extended) and, for every bench worker, a patrol each day through its
 * unit grid. Topped up to the target once; later runs reuse it.
 */
async function yearOfHistory(db: pg.Client): Promise<void> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int n from incidents where description = '考核基准历史'`,
  )
  const missing = HISTORY_INCIDENTS - rows[0]!.n
  if (missing > 0) {
    console.log(`patrol: writing ${missing} incidents of history (once)…`)
    await db.query(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id,
         grid_l3_id, reporter_id, self_handled, assignee_department_id, registered_at, dispatched_at, due_at, handled_at,
         closed_at, rework_count, extension_count, created_at, updated_at, source)
       select 'KB-' || gen_random_uuid(), gen_random_uuid(), c.id, '考核基准历史',
         case when n % 10 = 0 then 'rejected' when n % 10 = 1 then 'reported' else 'closed' end,
         ST_PointOnSurface(g.geom), a.parent_id, g.parent_id, g.id, w.id, n % 7 = 0,
         case when n % 3 = 0 then d.id end,
         t + interval '1 hour', t + interval '2 hours', t + interval '50 hours',
         case when n % 10 > 1 then t + make_interval(hours => 3 + n % 72) end,
         case when n % 10 > 1 then t + make_interval(hours => 4 + n % 72) end,
         (n % 13 = 0)::int, (n % 17 = 0)::int, t, t, 'worker'
       from generate_series(1, $1::int) n
       cross join lateral (select now() - make_interval(secs => (n::bigint * 104729 % ($2::bigint * 86400))::float8) as t) tt
       join lateral (select id from categories where parent_id is not null order by id offset n % 20 limit 1) c on true
       join lateral (select id from departments order by id offset n % 7 limit 1) d on true
       join lateral (select u.id from users u where u.phone like '${PHONE_PREFIX}%' order by u.phone offset n % ${WORKERS} limit 1) w on true
       join lateral (select gr.* from grids gr where gr.level = 3 order by gr.code offset n % 1360 limit 1) g on true
       join grids a on a.id = g.parent_id`,
      [missing, HISTORY_DAYS],
    )
  }
  // The retention sweep of an earlier run's server (default 180 days) may have cut the history short: a year
  // means a patrol a day from a year ago on, so a history that starts later is written again.
  const patrols = await db.query<{ n: number; complete: boolean }>(
    `select count(*)::int n, coalesce(min(started_at) < now() - interval '${HISTORY_DAYS - 2} days', false) complete
     from patrols where point_count = -1`,
  )
  if (!patrols.rows[0]!.complete) {
    await db.query(`delete from patrols where point_count = -1`)
    console.log('patrol: writing a year of daily patrols for every bench worker (once)…')
    // point_count -1 marks the synthetic history (no points: the assessment reads patrols and patrol_grids only).
    await db.query(
      `with made as (
         insert into patrols (client_id, worker_id, started_at, ended_at, length_m, point_count, last_at)
         select gen_random_uuid(), u.id, day + interval '1 hour', day + interval '3 hours', 2500, -1, day + interval '3 hours'
         from users u cross join generate_series(now() - interval '${HISTORY_DAYS} days', now() - interval '1 day', interval '1 day') day
         where u.phone like '${PHONE_PREFIX}%'
         returning id, worker_id, started_at, ended_at
       )
       insert into patrol_grids (patrol_id, grid_id, first_at, last_at)
       select m.id, ug.grid_id, m.started_at, m.ended_at from made m join user_grids ug on ug.user_id = m.worker_id`,
    )
  }
  await db.query('analyze')
}

/**
 * `pnpm bench patrol`: 200 workers on patrol, each phone sending a point every 10 s for LOAD_SECONDS as the phone
 * does while its live connection is up (`patrol.points` over socket.io), and the CPU that costs the API process and
 * its PostgreSQL backends as a share of one core (budget < 5 %); the same over HTTP, the phone's way when the socket
 * is down, printed beside it; then the street's month assessment over a year of history (budget ≤ 2 s).
 */
export async function benchPatrol(databaseUrl: string, url: string, serverPid: number | undefined): Promise<boolean[]> {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    // A year of history needs a year of tracks: the server's retention sweep must not delete them under the bench.
    await db.query(`update patrol_settings set retention_days = greatest(retention_days, $1::int + 1)`, [HISTORY_DAYS])
    const workers = await benchWorkers(db)
    await db.query(
      `update patrols set ended_at = coalesce(last_at, started_at) where ended_at is null and worker_id = any($1)`,
      [workers.map((w) => w.id)],
    )
    const sessions: { cookie: string; patrolId: string; lng: number; lat: number; step: number }[] = []
    for (const w of workers) {
      const cookie = await signIn(url, w.phone)
      const res = await post(url, cookie, '/api/patrols', { clientId: randomUUID(), at: new Date().toISOString() })
      if (res.status !== 201) throw new Error(`patrol start failed: ${res.status} ${await res.text()}`)
      const { id } = (await res.json()) as { id: string }
      sessions.push({ cookie, patrolId: id, lng: w.lng, lat: w.lat, step: 0 })
    }

    // The floor first: the same 200 sessions asking GET /api/patrols/current at the same pace, the cost of any
    // signed-in request at 20 a second on this machine, to tell the patrol's own cost from the platform's.
    const floor = await paced(db, serverPid, sessions.length, async (i) => {
      const res = await fetch(`${url}/api/patrols/current`, { headers: { cookie: sessions[i]!.cookie } })
      await res.arrayBuffer()
      return res.ok
    })
    console.log(
      `floor (GET /api/patrols/current at the same pace): ${floor.ok} answered in ${floor.wall.toFixed(0)} s; CPU API ${floor.api.toFixed(2)} s + PostgreSQL ${floor.database.toFixed(2)} s = ${floor.share.toFixed(2)} % of a core (${perRequest(floor)}); load average ${os.loadavg()[0]!.toFixed(1)}`,
    )
    // A slow walk around the grid's inner point (a few metres a step), so the point stays in its grid.
    const nextPoint = (s: (typeof sessions)[number]) => {
      s.step += 1
      const angle = s.step / 6
      return {
        id: randomUUID(),
        at: new Date().toISOString(),
        lng: s.lng + 0.00008 * Math.cos(angle),
        lat: s.lat + 0.00008 * Math.sin(angle),
        accuracy: 8,
      }
    }
    // The phone's way while its live connection is up (use-patrol.ts): each batch over the socket it holds.
    const sockets = await Promise.all(sessions.map((s) => connect(url, s.cookie)))
    const load = await paced(db, serverPid, sessions.length, async (i) => {
      const s = sessions[i]!
      const ack = (await sockets[i]!.timeout(10_000).emitWithAck('patrol.points', {
        patrolId: s.patrolId,
        points: [nextPoint(s)],
      })) as { ok: boolean }
      return ack.ok
    })
    for (const socket of sockets) socket.close()
    const share = load.share
    console.log(
      `patrol points over the live connection: ${load.ok} stored, ${load.failed} failed in ${load.wall.toFixed(0)} s (${(load.ok / load.wall).toFixed(1)}/s); CPU API ${load.api.toFixed(2)} s + PostgreSQL ${load.database.toFixed(2)} s (${perRequest(load)}), ${(share / floor.share).toFixed(2)}× the floor; load average ${os.loadavg()[0]!.toFixed(1)}`,
    )
    // The phone's way when the socket is down (reconnecting, the outbox after an offline stretch): POST a batch.
    const overHttp = await paced(db, serverPid, sessions.length, async (i) => {
      const s = sessions[i]!
      const res = await post(url, s.cookie, `/api/patrols/${s.patrolId}/points`, { points: [nextPoint(s)] })
      await res.arrayBuffer()
      return res.ok
    })
    console.log(
      `patrol points over HTTP (the fallback, no budget): ${overHttp.ok} stored, ${overHttp.failed} failed; CPU API ${overHttp.api.toFixed(2)} s + PostgreSQL ${overHttp.database.toFixed(2)} s (${perRequest(overHttp)}) = ${overHttp.share.toFixed(2)} % of a core; load average ${os.loadavg()[0]!.toFixed(1)}`,
    )
    for (const s of sessions)
      await post(url, s.cookie, `/api/patrols/${s.patrolId}/end`, { at: new Date().toISOString() })
    const results = [report('200 workers on patrol, a point every 10 s: CPU share of a core', share, '%', 5)]

    await yearOfHistory(db)
    const manager = await signIn(url, DEMO_ACCOUNTS.find((a) => a.role === 'manager')!.phone)
    const month = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 7)
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = process.hrtime.bigint()
      const res = await fetch(`${url}/api/assessment/${month}`, { headers: { cookie: manager } })
      if (!res.ok) throw new Error(`assessment failed: ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
      times.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
    const { rows } = await db.query<{ incidents: number; patrols: number }>(
      `select (select count(*)::int from incidents) incidents, (select count(*)::int from patrols) patrols`,
    )
    console.log(
      `assessment ${month}: ${times.map((t) => t.toFixed(0)).join(', ')} ms over ${rows[0]!.incidents} incidents and ${rows[0]!.patrols} patrols`,
    )
    results.push(report('month assessment for the street, a year of history (median)', median(times) / 1000, 's', 2))
    return results
  } finally {
    await db.end()
  }
}

/** A worker's phone's live connection, signed in by its session cookie. */
function connect(url: string, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

/**
 * `count` clients each sending one request every 10 s, spread evenly over the interval, for LOAD_SECONDS; the CPU
 * the API process and its PostgreSQL backends spent meanwhile, and its share of one core.
 */
async function paced(
  db: pg.Client,
  serverPid: number | undefined,
  count: number,
  request: (i: number) => Promise<boolean>,
): Promise<{ ok: number; failed: number; wall: number; api: number; database: number; share: number }> {
  let ok = 0
  let failed = 0
  const before = await cpuSnapshot(db, serverPid)
  const started = Date.now()
  const stops = Array.from({ length: count }, (_, i) => {
    const once = () => {
      request(i).then(
        (answered) => {
          if (answered) ok += 1
          else failed += 1
        },
        () => (failed += 1),
      )
    }
    let interval: NodeJS.Timeout | undefined
    const first = setTimeout(
      () => {
        once()
        interval = setInterval(once, POINT_EVERY_MS)
      },
      (i * POINT_EVERY_MS) / count,
    )
    return () => {
      clearTimeout(first)
      clearInterval(interval)
    }
  })
  await new Promise((r) => setTimeout(r, LOAD_SECONDS * 1000))
  stops.forEach((stop) => stop())
  await new Promise((r) => setTimeout(r, 1000))
  const after = await cpuSnapshot(db, serverPid, before)
  const wall = (Date.now() - started) / 1000
  const { api, database } = cpuSeconds(before, after)
  return { ok, failed, wall, api, database, share: ((api + database) / wall) * 100 }
}

/**
 * CPU a request, API and PostgreSQL: on a loaded two-core machine every figure here grows with everyone else's work
 * (the same code measured 4.4 % of a core for the floor on a quiet machine and 11–14 % at load 10–16), so compare
 * a run's two lines with each other, and runs at similar load with each other.
 */
function perRequest(window: { ok: number; failed: number; api: number; database: number }): string {
  const requests = Math.max(1, window.ok + window.failed)
  return `a request: API ${((window.api * 1000) / requests).toFixed(2)} ms, PostgreSQL ${((window.database * 1000) / requests).toFixed(2)} ms`
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

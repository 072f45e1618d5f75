import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PatrolDetail, PatrolPointsReply, PatrolSummary } from '@wangge/contract'
import { buildTestApp, DEMO, signIn, withClient } from './helper.ts'
import { walkFrom } from './patrol-fixtures.ts'

// Group commit of patrol points (point-append-batcher.ts) on one API instance: 24 workers, more than the 20 patrols
// out from which appends wait for each other.
const WORKERS = 24
const PHONE_PREFIX = '1771234'

let app: FastifyInstance
const walkers: { cookie: string; patrolId: string; home: { lng: number; lat: number } }[] = []

beforeAll(async () => {
  app = await buildTestApp()
  const grids = await withClient(async (c) => {
    await c.query(`update patrol_settings set max_accuracy_m = default, max_speed_mps = default`)
    await c.query(
      `insert into users (name, phone, password_hash, role)
       select '批量巡查' || n, $1 || lpad(n::text, 4, '0'), password_hash, 'worker'
       from users, generate_series(1, $2::int) n where phone = $3
       on conflict (phone) do nothing`,
      [PHONE_PREFIX, WORKERS, DEMO.worker],
    )
    const { rows } = await c.query<{ phone: string; grid_id: number; lng: number; lat: number }>(
      `select u.phone, g.id grid_id, ST_X(ST_PointOnSurface(g.geom)) lng, ST_Y(ST_PointOnSurface(g.geom)) lat
       from (select phone, row_number() over (order by phone) n from users where phone like $1 || '%') u
       join (select id, geom, row_number() over (order by code) n from grids where level = 3) g on g.n = u.n
       order by u.phone`,
      [PHONE_PREFIX],
    )
    for (const r of rows)
      await c.query(
        `insert into user_grids (user_id, grid_id) select id, $2 from users where phone = $1 on conflict do nothing`,
        [r.phone, r.grid_id],
      )
    await c.query(
      `update patrols set ended_at = coalesce(last_at, started_at)
       where ended_at is null and worker_id in (select id from users where phone like $1 || '%')`,
      [PHONE_PREFIX],
    )
    return rows
  })
  for (const g of grids) {
    const cookie = await signIn(app, g.phone)
    const res = await app.inject({
      method: 'POST',
      url: '/api/patrols',
      headers: { cookie },
      payload: { clientId: randomUUID(), at: new Date(Date.now() - 600_000).toISOString() },
    })
    expect(res.statusCode, res.body).toBe(201)
    walkers.push({ cookie, patrolId: res.json<PatrolSummary>().id, home: { lng: g.lng, lat: g.lat } })
  }
})
afterAll(async () => {
  for (const w of walkers)
    await app.inject({
      method: 'POST',
      url: `/api/patrols/${w.patrolId}/end`,
      headers: { cookie: w.cookie },
      payload: { at: new Date().toISOString() },
    })
  await app?.close()
})

const send = (w: (typeof walkers)[number], points: ReturnType<typeof walkFrom>) =>
  app.inject({
    method: 'POST',
    url: `/api/patrols/${w.patrolId}/points`,
    headers: { cookie: w.cookie },
    payload: { points },
  })

/** The transactions that wrote the patrols' points: one statement commits once, so its rows share an xmin. */
async function writingTransactions(patrolIds: string[], since: Date): Promise<number> {
  return withClient(async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `select count(distinct xmin::text)::int n from patrol_points where patrol_id = any($1::bigint[]) and at >= $2`,
      [patrolIds, since],
    )
    return rows[0]!.n
  })
}

describe('patrol points of many workers at once', () => {
  it('are stored in far fewer statements than requests, each in its own patrol, in order', async () => {
    // A first point each, one after another: this is how the API learns that many patrols are out.
    const start = Date.now() - 300_000
    for (const w of walkers) expect((await send(w, walkFrom(w.home, start, 1))).statusCode).toBe(200)

    const since = new Date(start + 5_000)
    const walks = walkers.map((w) => walkFrom(w.home, since.getTime(), 3))
    const replies = await Promise.all(walkers.map((w, i) => send(w, walks[i]!)))
    for (const r of replies) {
      expect(r.statusCode, r.body).toBe(200)
      expect(r.json<PatrolPointsReply>()).toMatchObject({ accepted: 3, duplicates: 0, dropped: 0 })
      expect(r.json<PatrolPointsReply>().patrol.pointCount).toBe(4)
    }
    const transactions = await writingTransactions(
      walkers.map((w) => w.patrolId),
      since,
    )
    expect(transactions).toBeGreaterThanOrEqual(1)
    expect(transactions).toBeLessThanOrEqual(3)

    const stored = await withClient(async (c) =>
      c.query<{ patrol_id: string; ids: string[] }>(
        `select patrol_id::text, array_agg(client_point_id::text order by at) ids from patrol_points
         where patrol_id = any($1::bigint[]) and at >= $2 group by patrol_id`,
        [walkers.map((w) => w.patrolId), since],
      ),
    )
    const byPatrol = new Map(stored.rows.map((r) => [r.patrol_id, r.ids]))
    walkers.forEach((w, i) => expect(byPatrol.get(w.patrolId)).toEqual(walks[i]!.map((p) => p.id)))
  })

  it('keeps two batches racing on one patrol apart: both land, in order, counted once', async () => {
    const w = walkers[0]!
    const before = (
      await app.inject({ url: `/api/patrols/${w.patrolId}`, headers: { cookie: w.cookie } })
    ).json<PatrolDetail>().patrol
    const from = Date.parse(new Date().toISOString()) - 60_000
    const walk = walkFrom(w.home, from, 4)
    // The other workers keep the API busy, so these two wait for a batch together.
    const others = walkers.slice(1).map((o) => send(o, walkFrom(o.home, from, 1)))
    const [a, b] = await Promise.all([send(w, walk.slice(0, 2)), send(w, walk.slice(2))])
    await Promise.all(others)
    expect(a!.statusCode, a!.body).toBe(200)
    expect(b!.statusCode, b!.body).toBe(200)
    const accepted = a!.json<PatrolPointsReply>().accepted + b!.json<PatrolPointsReply>().accepted
    expect(accepted).toBe(4)
    const { rows } = await withClient((c) =>
      c.query<{ point_count: number; stored: number }>(
        `select point_count, (select count(*)::int from patrol_points where patrol_id = p.id) stored
         from patrols p where id = $1`,
        [w.patrolId],
      ),
    )
    expect(rows[0]).toEqual({ point_count: before.pointCount + 4, stored: before.pointCount + 4 })
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { PatrolPointsAck, PatrolSummary } from '@wangge/contract'
import { DEMO, pointInGrid, withClient } from './helper.ts'
import { type LiveClient, listeningApp, openedClients, signedInCookie } from './live-client.ts'
import { patrolWorker, walkFrom } from './patrol-fixtures.ts'

// `patrol.points` over the live connection: the same rules and replies as POST /api/patrols/:id/points.
let app: FastifyInstance
let url: string
const cookies: Record<string, string> = {}
const clients = openedClients()
let home: { lng: number; lat: number }

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  await withClient((c) => c.query(`update patrol_settings set max_accuracy_m = default, max_speed_mps = default`))
  const other = await patrolWorker('17712990001', '370705002001002', '另一网格员')
  await other.close()
  for (const [who, phone] of [
    ['worker', DEMO.worker],
    ['other', '17712990001'],
    ['supervisor', DEMO.supervisor],
  ] as const)
    cookies[who] = await signedInCookie(app, phone)
  home = await pointInGrid('370705002001001')
})
beforeEach(() =>
  withClient((c) =>
    c.query(`update patrols set ended_at = greatest(coalesce(last_at, started_at), started_at) where ended_at is null`),
  ),
)
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const live = (who: string): Promise<LiveClient> => clients.connect(url, cookies[who]!)
const sendPoints = (client: LiveClient, payload: unknown) =>
  client.socket.timeout(10_000).emitWithAck('patrol.points', payload) as Promise<PatrolPointsAck>

async function startPatrol(who: string): Promise<PatrolSummary> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/patrols',
    headers: { cookie: cookies[who]! },
    payload: { clientId: randomUUID(), at: new Date(Date.now() - 600_000).toISOString() },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<PatrolSummary>()
}

describe('patrol points over the live connection', () => {
  it('are stored like the HTTP route stores them: in order, an outlier dropped, a resend counted once', async () => {
    const patrol = await startPatrol('worker')
    const socket = await live('worker')
    const walk = walkFrom(home, Date.now() - 300_000, 5)
    walk[2] = { ...walk[2]!, accuracy: 300 }
    const first = await sendPoints(socket, { patrolId: patrol.id, points: walk })
    expect(first).toMatchObject({ ok: true, reply: { accepted: 4, dropped: 1, duplicates: 0 } })
    const again = await sendPoints(socket, { patrolId: patrol.id, points: walk.slice(3) })
    expect(again).toMatchObject({ ok: true, reply: { accepted: 0, duplicates: 2, patrol: { pointCount: 4 } } })
    const { rows } = await withClient((c) =>
      c.query<{ id: string }>(`select client_point_id::text id from patrol_points where patrol_id = $1 order by at`, [
        patrol.id,
      ]),
    )
    expect(rows.map((r) => r.id)).toEqual(walk.filter((_, i) => i !== 2).map((p) => p.id))
  })

  it("answers another worker's patrol NOT_FOUND and stores nothing in it", async () => {
    const patrol = await startPatrol('worker')
    const stranger = await live('other')
    const answer = await sendPoints(stranger, { patrolId: patrol.id, points: walkFrom(home, Date.now() - 60_000, 1) })
    expect(answer).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const { rows } = await withClient((c) =>
      c.query<{ n: number }>(`select count(*)::int n from patrol_points where patrol_id = $1`, [patrol.id]),
    )
    expect(rows[0]!.n).toBe(0)
  })

  it('refuses a supervisor (FORBIDDEN) and a malformed batch (VALIDATION_FAILED) in words', async () => {
    const patrol = await startPatrol('worker')
    const supervisor = await live('supervisor')
    const points = walkFrom(home, Date.now() - 60_000, 1)
    expect(await sendPoints(supervisor, { patrolId: patrol.id, points })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    const worker = await live('worker')
    for (const bad of [
      null,
      { patrolId: patrol.id },
      { patrolId: '9223372036854775808', points },
      { patrolId: patrol.id, points: [] },
      { patrolId: patrol.id, points: [{ ...points[0]!, at: '2026-02-31T10:00:00Z' }] },
      { patrolId: patrol.id, points: [{ ...points[0]!, lat: 91 }] },
      { patrolId: patrol.id, points, extra: 1 },
    ]) {
      const answer = await sendPoints(worker, bad)
      expect(answer, JSON.stringify(bad)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' })
      expect((answer as { message: string }).message).toMatch(/^轨迹点无效/)
    }
  })
})

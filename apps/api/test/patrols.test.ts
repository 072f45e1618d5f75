import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { distanceM } from '@wangge/grid'
import type { PatrolDetail, PatrolPointsReply, PatrolSummary } from '@wangge/contract'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { sweepPatrols } from '../src/plugins/app/patrols/patrol-retention.ts'
import { createPatrolsService } from '../src/plugins/app/patrols/patrols-service.ts'
import { patrolWorker, walkFrom, type WalkPoint } from './patrol-fixtures.ts'

let worker: SignedInApp
let supervisor: SignedInApp
let handler: SignedInApp
let home: { lng: number; lat: number }

beforeAll(async () => {
  // The street's patrol limits as shipped: the route fuzz saves settings of its own (a 5 m accuracy limit drops
  // every point this file sends).
  await withClient((c) =>
    c.query(`update patrol_settings set retention_days = default, max_accuracy_m = default, max_speed_mps = default,
      weekly_visits_per_grid = default`),
  )
  worker = await signedInApp(DEMO.worker)
  supervisor = await signedInApp(DEMO.supervisor)
  handler = await signedInApp(DEMO.handler)
  home = await pointInGrid('370705002001001')
})
// A patrol left open (by another file, or by a test of this one that failed midway) would refuse the next start.
beforeEach(async () => {
  await withClient((c) =>
    c.query(`update patrols set ended_at = greatest(coalesce(last_at, started_at), started_at) where ended_at is null`),
  )
})
afterAll(async () => {
  for (const app of [worker, supervisor, handler]) await app?.close()
})

async function startPatrol(as: SignedInApp, at = new Date(Date.now() - 3600_000)): Promise<PatrolSummary> {
  const res = await as.inject({
    method: 'POST',
    url: '/api/patrols',
    payload: { clientId: randomUUID(), at: at.toISOString() },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<PatrolSummary>()
}

const send = (as: SignedInApp, patrolId: string, points: WalkPoint[]) =>
  as.inject({ method: 'POST', url: `/api/patrols/${patrolId}/points`, payload: { points } })

const end = (as: SignedInApp, patrolId: string) =>
  as.inject({ method: 'POST', url: `/api/patrols/${patrolId}/end`, payload: { at: new Date().toISOString() } })

describe('a patrol', () => {
  it('stores a track with outliers and an offline gap in time order, without the outliers, once', async () => {
    const startedAt = new Date(Date.now() - 3600_000)
    const patrol = await startPatrol(worker, startedAt)
    const walk = walkFrom(home, startedAt.getTime() + 5000, 12)
    // Point 3 is a fix 1 km off (a jump), point 5 has a 300 m accuracy circle.
    walk[3] = { ...walk[3]!, lng: walk[3]!.lng + 0.012 }
    walk[5] = { ...walk[5]!, accuracy: 300 }
    const online = walk.slice(0, 6)
    // The phone was offline for points 6–11: the outbox sends them later, in one batch, and then sends it again.
    const offline = walk.slice(6)
    const first = await send(worker, patrol.id, online)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json<PatrolPointsReply>()).toMatchObject({ accepted: 4, dropped: 2, duplicates: 0 })
    const second = await send(worker, patrol.id, offline)
    expect(second.json<PatrolPointsReply>()).toMatchObject({ accepted: 6, dropped: 0, duplicates: 0 })
    const resent = await send(worker, patrol.id, offline)
    expect(resent.json<PatrolPointsReply>()).toMatchObject({ accepted: 0, dropped: 0, duplicates: 6 })

    const ended = await end(worker, patrol.id)
    expect(ended.statusCode, ended.body).toBe(200)
    const detail = (await worker.inject(`/api/patrols/${patrol.id}`)).json<PatrolDetail>()
    const kept = walk.filter((_, i) => i !== 3 && i !== 5)
    expect(detail.points.map((p) => [p.at, p.lng, p.lat])).toEqual(
      kept.map((p) => [new Date(p.at).toISOString(), p.lng, p.lat]),
    )
    expect(detail.patrol).toMatchObject({ pointCount: 10, outlierCount: 2 })
    const handLength = kept.slice(1).reduce((sum, p, i) => sum + distanceM(kept[i]!, p), 0)
    expect(detail.patrol.lengthM).toBeGreaterThan(handLength * 0.995)
    expect(detail.patrol.lengthM).toBeLessThan(handLength * 1.005)
    expect(detail.patrol.durationS).toBe(
      Math.round((Date.parse(ended.json<PatrolSummary>().endedAt!) - startedAt.getTime()) / 1000),
    )
    expect(detail.line?.type).toBe('LineString')
  })

  it('passed exactly the unit grids its line intersects', async () => {
    const startedAt = new Date(Date.now() - 3000_000)
    const patrol = await startPatrol(worker, startedAt)
    // Eastward across several unit grids, 50 m every 20 s (2.5 m/s), sent in three batches.
    const walk = walkFrom(home, startedAt.getTime(), 40, { dLng: 0.00056, everyMs: 20_000 })
    for (const batch of [walk.slice(0, 13), walk.slice(13, 27), walk.slice(27)])
      expect((await send(worker, patrol.id, batch)).statusCode).toBe(200)
    await end(worker, patrol.id)
    const detail = (await worker.inject(`/api/patrols/${patrol.id}`)).json<PatrolDetail>()
    const expected = await withClient(async (c) => {
      const line = `LINESTRING(${walk.map((p) => `${p.lng} ${p.lat}`).join(', ')})`
      const { rows } = await c.query<{ code: string }>(
        `select code from grids where level = 3 and ST_Intersects(geom, ST_GeomFromText($1, 4326)) order by code`,
        [line],
      )
      return rows.map((r) => r.code)
    })
    expect(expected.length).toBeGreaterThan(1)
    expect(detail.grids.map((g) => g.code).sort()).toEqual(expected)
  })

  it('is one per worker at a time, and a retried start answers the same patrol', async () => {
    const clientId = randomUUID()
    const at = new Date(Date.now() - 60_000).toISOString()
    const first = await worker.inject({ method: 'POST', url: '/api/patrols', payload: { clientId, at } })
    const again = await worker.inject({ method: 'POST', url: '/api/patrols', payload: { clientId, at } })
    expect([first.statusCode, again.statusCode]).toEqual([201, 200])
    expect(again.json<PatrolSummary>().id).toBe(first.json<PatrolSummary>().id)
    const other = await worker.inject({ method: 'POST', url: '/api/patrols', payload: { clientId: randomUUID(), at } })
    expect(other.statusCode).toBe(409)
    expect(other.json()).toMatchObject({ code: 'PATROL_OPEN' })
    const current = (await worker.inject('/api/patrols/current')).json<{ patrol: PatrolSummary }>()
    expect(current.patrol.id).toBe(first.json<PatrolSummary>().id)
    await end(worker, first.json<PatrolSummary>().id)
    const late = await send(worker, first.json<PatrolSummary>().id, walkFrom(home, Date.now() - 1000, 1))
    expect(late.statusCode).toBe(409)
  })

  it('takes the track as the database has it when another process appended to it or ended it', async () => {
    const patrol = await startPatrol(worker, new Date(Date.now() - 120_000))
    const walk = walkFrom(home, Date.now() - 55_000, 6)
    expect((await send(worker, patrol.id, walk.slice(0, 2))).json<PatrolPointsReply>()).toMatchObject({ accepted: 2 })
    // Another API process (its own service, so its own memory of track ends) appends points 2 and 3, and its append
    // records the worker's live position in the same statement.
    const user = (await worker.app.usersRepository.findActiveById(patrol.workerId))!
    const fed: { userId: number; lng: number; grids: number[] }[] = []
    const elsewhere = createPatrolsService(worker.app.patrolsRepository, (userId, recorded, grids) =>
      fed.push({ userId, lng: recorded.position.lng, grids }),
    )
    await withClient((c) => c.query(`delete from worker_positions where user_id = $1`, [user.id]))
    expect(await elsewhere.recordPoints(user, patrol.id, walk.slice(2, 4))).toMatchObject({ accepted: 2 })
    expect(fed).toEqual([
      { userId: user.id, lng: walk[3]!.lng, grids: [expect.any(Number), expect.any(Number), expect.any(Number)] },
    ])
    // This process remembers point 1 as the end: point 3 resent is a duplicate, point 4 follows point 3.
    const next = await send(worker, patrol.id, walk.slice(3, 5))
    expect(next.json<PatrolPointsReply>()).toMatchObject({ accepted: 1, duplicates: 1, dropped: 0 })
    expect(next.json<PatrolPointsReply>().patrol.pointCount).toBe(5)
    // Ended elsewhere (the other process's timer): the next point is refused, not appended.
    await withClient((c) => c.query(`update patrols set ended_at = last_at where id = $1`, [patrol.id]))
    const late = await send(worker, patrol.id, walk.slice(5))
    expect(late.statusCode, late.body).toBe(409)
    const detail = (await worker.inject(`/api/patrols/${patrol.id}`)).json<PatrolDetail>()
    expect(detail.points.map((p) => p.at)).toEqual(walk.slice(0, 5).map((p) => new Date(p.at).toISOString()))
  })

  it('moves the worker’s live marker with a fresh point, not with one from the outbox’s past', async () => {
    await withClient((c) => c.query(`delete from worker_positions`))
    const patrol = await startPatrol(worker)
    await send(worker, patrol.id, walkFrom(home, Date.now() - 3000_000, 2))
    // The feed runs after the reply: give it a moment.
    await new Promise((r) => setTimeout(r, 300))
    const count = () =>
      withClient(async (c) => (await c.query(`select 1 from worker_positions where on_duty`)).rowCount)
    expect(await count()).toBe(0)
    await send(worker, patrol.id, walkFrom(home, Date.now() - 1000, 1))
    await expect.poll(count, { timeout: 3000 }).toBe(1)
    await end(worker, patrol.id)
  })
})

describe('who reads a track', () => {
  it('lets the worker read its own unaudited, and audits its supervisor reading it', async () => {
    const patrol = await startPatrol(worker)
    await send(worker, patrol.id, walkFrom(home, Date.now() - 3000_000, 3))
    await end(worker, patrol.id)
    const audits = () =>
      withClient(
        async (c) =>
          (
            await c.query<{ actor_id: number }>(
              `select actor_id from audit_log where action = 'patrol.track.read' and entity_id = $1`,
              [patrol.id],
            )
          ).rows,
      )
    expect((await worker.inject(`/api/patrols/${patrol.id}`)).statusCode).toBe(200)
    expect(await audits()).toEqual([])
    expect((await supervisor.inject(`/api/patrols/${patrol.id}`)).statusCode).toBe(200)
    expect(await audits()).toHaveLength(1)
    expect((await handler.inject(`/api/patrols/${patrol.id}`)).statusCode).toBe(403)
  })

  it('hides another worker’s patrol (404) and a patrol outside a supervisor’s scope', async () => {
    const other = await patrolWorker('13900000451', '370705002002001')
    const patrol = await startPatrol(other)
    const away = await pointInGrid('370705002002001')
    await send(other, patrol.id, walkFrom(away, Date.now() - 3000_000, 2))
    expect((await worker.inject(`/api/patrols/${patrol.id}`)).statusCode).toBe(404)
    expect((await supervisor.inject(`/api/patrols/${patrol.id}`)).statusCode).toBe(404)
    expect((await send(worker, patrol.id, walkFrom(home, Date.now(), 1))).statusCode).toBe(404)
    const live = (await supervisor.inject('/api/patrols/live')).json<{ items: { patrol: PatrolSummary }[] }>()
    expect(live.items.map((i) => i.patrol.id)).not.toContain(patrol.id)
    await end(other, patrol.id)
    await other.close()
  })

  it('refuses bad input with a 4xx that writes nothing', async () => {
    const patrol = await startPatrol(worker)
    for (const payload of [
      { points: [] },
      { points: [{ id: 'x', at: new Date().toISOString(), lng: 1, lat: 1, accuracy: 1 }] },
      { points: [{ id: randomUUID(), at: '2026-02-30T00:00:00Z', lng: 1, lat: 1, accuracy: 1 }] },
      { points: [{ id: randomUUID(), at: new Date().toISOString(), lng: 200, lat: 1, accuracy: 1 }] },
    ]) {
      const res = await worker.inject({ method: 'POST', url: `/api/patrols/${patrol.id}/points`, payload })
      expect(res.statusCode).toBe(400)
    }
    expect((await worker.inject('/api/patrols/99999999999999')).statusCode).toBe(404)
    expect((await worker.inject('/api/patrols/99999999999999999999')).statusCode).toBe(400)
    const summary = (await worker.inject(`/api/patrols/${patrol.id}`)).json<PatrolDetail>().patrol
    expect(summary.pointCount).toBe(0)
    await end(worker, patrol.id)
  })
})

describe('retention', () => {
  it('deletes patrols (and their points) that ended before the retention period, keeps the others', async () => {
    const repository = worker.app.patrolsRepository
    const service = createPatrolsService(repository)
    const old = await startPatrol(worker, new Date(Date.now() - 200 * 86_400_000))
    await send(worker, old.id, walkFrom(home, Date.now() - 200 * 86_400_000 + 1000, 3))
    await end(worker, old.id)
    // Ended 200 days ago (the phone's end time is clamped to its last point at the earliest).
    await withClient((c) =>
      c.query(`update patrols set ended_at = started_at + interval '1 hour' where id = $1`, [old.id]),
    )
    const recent = await startPatrol(worker, new Date(Date.now() - 10 * 86_400_000))
    await send(worker, recent.id, walkFrom(home, Date.now() - 10 * 86_400_000 + 1000, 3))
    await end(worker, recent.id)
    await withClient((c) =>
      c.query(`update patrols set ended_at = started_at + interval '1 hour' where id = $1`, [recent.id]),
    )

    const { deleted } = await sweepPatrols(repository, service)
    expect(deleted).toBeGreaterThanOrEqual(1)
    const left = await withClient(async (c) => ({
      patrols: (await c.query<{ id: string }>('select id from patrols where id = any($1)', [[old.id, recent.id]])).rows,
      oldPoints: (await c.query('select 1 from patrol_points where patrol_id = $1', [old.id])).rowCount,
      recentPoints: (await c.query('select 1 from patrol_points where patrol_id = $1', [recent.id])).rowCount,
    }))
    expect(left).toEqual({ patrols: [{ id: recent.id }], oldPoints: 0, recentPoints: 3 })
  })

  it('ends a patrol whose phone went silent at its last point', async () => {
    const repository = worker.app.patrolsRepository
    const service = createPatrolsService(repository)
    const patrol = await startPatrol(worker, new Date(Date.now() - 5 * 3600_000))
    const walk = walkFrom(home, Date.now() - 5 * 3600_000 + 1000, 3)
    await send(worker, patrol.id, walk)
    const { ended } = await sweepPatrols(repository, service)
    expect(ended).toBeGreaterThanOrEqual(1)
    const summary = (await worker.inject(`/api/patrols/${patrol.id}`)).json<PatrolDetail>().patrol
    expect(summary.endedAt && Date.parse(summary.endedAt)).toBe(Date.parse(walk.at(-1)!.at))
  })
})

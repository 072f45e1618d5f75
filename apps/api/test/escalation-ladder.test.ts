import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestApp, DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

/** Shanghai wall-clock time 'YYYY-MM-DD HH:mm' as an instant. */
const at = (wallClock: string) => new Date(`${wallClock.replace(' ', 'T')}:00+08:00`)

// Friday 2026-09-18 16:00, due in two working days: Saturday is off, Sunday 09-20 a make-up working day (国庆调休),
// so the case is due Monday 09-21 16:00 — 75 % falls on Monday 10:45, 100 % at 16:00, 150 % on Tuesday 16:00.
const DISPATCHED = '2026-09-18 16:00'
const DUE = '2026-09-21 16:00'
const UNIT = '370705002001001'

let apps: FastifyInstance[]
let manager: SignedInApp
let ids: { worker: number; supervisor: number; manager: number; category: number; grids: number[] }

/** A case dispatched to the demo worker at `dispatched`, armed the way a dispatch arms it (an update). */
async function dispatchedCase(dispatched = DISPATCHED, due = DUE): Promise<string> {
  const point = await pointInGrid(UNIT)
  return withClient(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id,
         reporter_id, source)
       values ($1, $2, $3, '阶梯测试', 'registered', ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, 'worker') returning id::text`,
      [`L-${randomUUID()}`, randomUUID(), ids.category, point.lng, point.lat, ...ids.grids, ids.worker],
    )
    await c.query(
      `update incidents set status = 'dispatched', assignee_user_id = $2, dispatched_at = $3, due_at = $4 where id = $1`,
      [rows[0]!.id, ids.worker, at(dispatched), at(due)],
    )
    return rows[0]!.id
  })
}

const ladderRows = (id: string) =>
  withClient(
    async (c) =>
      (
        await c.query<{ level: string; at: Date }>(
          `select data->>'level' as level, at from incident_history where incident_id = $1 and action = 'ladder' order by id`,
          [id],
        )
      ).rows,
  )

const noticesOf = (id: string) =>
  withClient(
    async (c) =>
      (
        await c.query<{ user_id: number; kind: string }>(
          `select user_id, kind from notifications where incident_id = $1 order by id`,
          [id],
        )
      ).rows,
  )

/** The case's next ladder time; -Infinity when armed for the next pass to compute. */
const nextAt = (id: string) =>
  withClient(async (c) => {
    const { next } = (
      await c.query<{ next: Date | string | null }>(`select next_ladder_at as next from incidents where id = $1`, [id])
    ).rows[0]!
    return next === '-infinity' ? -Infinity : next
  })

beforeAll(async () => {
  apps = await Promise.all([buildTestApp(), buildTestApp()])
  manager = await signedInApp(DEMO.manager)
  ids = await withClient(async (c) => {
    const user = async (phone: string) =>
      (await c.query<{ id: number }>(`select id from users where phone = $1`, [phone])).rows[0]!.id
    const grids = (
      await c.query<{ ids: number[] }>(
        `select array[g1.id, g2.id, g3.id] as ids from grids g3 join grids g2 on g2.id = g3.parent_id
         join grids g1 on g1.id = g2.parent_id where g3.code = $1`,
        [UNIT],
      )
    ).rows[0]!.ids
    const category = (await c.query<{ id: number }>(`select id from categories where code = 'E0505'`)).rows[0]?.id
    return {
      worker: await user(DEMO.worker),
      supervisor: await user(DEMO.supervisor),
      manager: await user(DEMO.manager),
      category:
        category ?? (await c.query<{ id: number }>(`select id from categories where code = 'E0101'`)).rows[0]!.id,
      grids,
    }
  })
  // Cases armed before these tests (the seed's) are looked at by any pass; settle them out of the fake clock's way.
  await withClient((c) => c.query(`update incidents set next_ladder_at = null where next_ladder_at = '-infinity'`))
})

afterAll(async () => {
  await Promise.all([...apps.map((a) => a.close()), manager.close()])
})

describe('escalation ladder timer', () => {
  it('takes each step once, at its working time across a weekend and a make-up working day', async () => {
    const id = await dispatchedCase()
    const pass = (wallClock: string) => apps[0]!.escalationService.pass(at(wallClock))

    // The dispatch armed the ladder; the first pass sets the first step's time and takes none.
    await pass('2026-09-18 16:05')
    expect(await nextAt(id)).toEqual(at('2026-09-21 10:45'))
    await pass('2026-09-19 12:00')
    await pass('2026-09-20 17:00')
    await pass('2026-09-21 10:44')
    expect(await ladderRows(id)).toEqual([])

    await pass('2026-09-21 10:45')
    expect((await ladderRows(id)).map((r) => r.level)).toEqual(['yellow'])
    expect(await noticesOf(id)).toEqual([{ user_id: ids.worker, kind: 'ladder.yellow' }])
    expect(await nextAt(id)).toEqual(at('2026-09-21 16:00'))

    await pass('2026-09-21 12:00')
    await pass('2026-09-21 16:00')
    expect((await ladderRows(id)).map((r) => r.level)).toEqual(['yellow', 'red'])
    // Red goes to the assignee and the case's supervisors (the community's, and the street-wide duty chief).
    const red = (await noticesOf(id)).filter((n) => n.kind === 'ladder.red').map((n) => n.user_id)
    expect(red).toEqual(expect.arrayContaining([ids.worker, ids.supervisor]))
    expect(red).not.toContain(ids.manager)

    await pass('2026-09-22 15:59')
    await pass('2026-09-22 16:00')
    await pass('2026-09-23 09:00')
    expect((await ladderRows(id)).map((r) => r.level)).toEqual(['yellow', 'red', 'escalated'])
    expect((await noticesOf(id)).filter((n) => n.kind === 'ladder.escalated').map((n) => n.user_id)).toContain(
      ids.manager,
    )
    expect(await nextAt(id)).toBeNull()
  })

  it('never takes a step twice when two API instances pass at once', async () => {
    const cases = await Promise.all(Array.from({ length: 20 }, () => dispatchedCase()))
    await apps[0]!.escalationService.pass(at('2026-09-18 16:10'))
    const results = await Promise.all(apps.map((app) => app.escalationService.pass(at('2026-09-21 16:00'))))
    await Promise.all(apps.map((app) => app.escalationService.pass(at('2026-09-21 16:00'))))
    expect(results.reduce((sum, r) => sum + r.steps, 0)).toBe(cases.length * 2)
    for (const id of cases) {
      expect((await ladderRows(id)).map((r) => r.level)).toEqual(['yellow', 'red'])
      expect((await noticesOf(id)).filter((n) => n.kind === 'ladder.yellow')).toHaveLength(1)
    }
  })

  it('is not armed for a returned case, and rearmed from the start by a new dispatch', async () => {
    const id = await dispatchedCase()
    await withClient((c) =>
      c.query(`update incidents set status = 'registered', due_at = null, assignee_user_id = null where id = $1`, [id]),
    )
    expect(await nextAt(id)).toBeNull()
    await withClient((c) =>
      c.query(
        `update incidents set status = 'dispatched', assignee_user_id = $2, dispatched_at = $3, due_at = $4 where id = $1`,
        [id, ids.worker, at('2026-09-21 09:00'), at('2026-09-23 09:00')],
      ),
    )
    expect(await nextAt(id)).toBe(-Infinity)
  })

  it('lets a manager put a case under supervision, pinned and told to its people', async () => {
    const id = await dispatchedCase()
    const res = await manager.inject({
      method: 'POST',
      url: `/api/incidents/${id}/supervise`,
      payload: { note: '请本周内办结' },
    })
    expect(res.statusCode, res.body).toBe(204)
    const pinned = (await manager.inject('/api/escalation/supervised')).json<{ id: string }[]>()
    expect(pinned.map((p) => p.id)).toContain(id)
    expect(
      (await manager.inject({ method: 'POST', url: `/api/incidents/${id}/supervise`, payload: {} })).statusCode,
    ).toBe(409)
    const kinds = await noticesOf(id)
    expect(kinds.filter((n) => n.kind === 'case.supervised').map((n) => n.user_id)).toEqual(
      expect.arrayContaining([ids.worker, ids.supervisor]),
    )
  })

  it('lets a supervisor urge with a note, and no one else', async () => {
    const id = await dispatchedCase()
    const supervisor = await signedInApp(DEMO.supervisor)
    const worker = await signedInApp(DEMO.worker)
    try {
      expect(
        (await supervisor.inject({ method: 'POST', url: `/api/incidents/${id}/urge`, payload: { note: ' ' } }))
          .statusCode,
      ).toBe(400)
      const res = await supervisor.inject({
        method: 'POST',
        url: `/api/incidents/${id}/urge`,
        payload: { note: '请尽快处置' },
      })
      expect(res.statusCode, res.body).toBe(204)
      expect(
        (await worker.inject({ method: 'POST', url: `/api/incidents/${id}/urge`, payload: { note: '催' } })).statusCode,
      ).toBe(403)
      const mine = (await worker.inject('/api/notifications')).json<{
        items: { kind: string; payload: { note: string } }[]
      }>()
      expect(mine.items[0]).toMatchObject({ kind: 'case.urged', payload: { note: '请尽快处置' } })
    } finally {
      await Promise.all([supervisor.close(), worker.close()])
    }
  })
})

import { maskPhone } from '@wangge/accounts'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'

/**
 * A hand-made week in March 2025 (no holiday rows: plain Monday–Friday, 08:30–12:00 and 13:30–17:30), in one unit
 * grid of community 009, with the indicators computed by hand:
 *   A dispatched Mon 09:00, handled 11:00 (2 h), closed on time
 *   B dispatched Mon 16:00, handled Tue 10:00 (1.5 h + 1.5 h = 3 h), closed late, reworked once, extended once
 *   C dispatched, still in progress, extended once
 *   D reported only
 *   E fixed on the spot and closed (never dispatched)
 * reported 5 · registered A B C E = 4 · closed A B E = 3 · on time A E = 2 → 结案率 3/4, 按期结案率 2/3
 * dispatched A B C = 3 → 返工率 1/3, 延期率 2/3 · average handling (2 + 3) / 2 = 2.5 working hours
 */
const t = (iso: string) => new Date(iso)
const RANGE = 'from=2025-03-01T00:00:00%2B08:00&to=2025-04-01T00:00:00%2B08:00'
let manager: SignedInApp
let worker: SignedInApp

beforeAll(async () => {
  manager = await signedInApp(DEMO.manager)
  worker = await signedInApp(DEMO.worker)
  await withClient(async (c) => {
    const one = async (text: string, values: unknown[] = []) => (await c.query(text, values)).rows[0]
    const g = await one(
      `select g3.id l3, g2.id l2, g2.parent_id l1, ST_PointOnSurface(g3.geom) p from grids g3 join grids g2 on g2.id = g3.parent_id where g3.code = '370705002009001'`,
    )
    const workerId = (await one('select id from users where phone = $1', [DEMO.worker])).id
    const department = (await one(`select id from departments where code = 'enforcement'`)).id
    const category = (await one(`select id from categories where code = 'E0101'`)).id
    const rows = [
      {
        status: 'closed',
        registered: '2025-03-03T08:40:00+08:00',
        dispatched: '2025-03-03T09:00:00+08:00',
        handled: '2025-03-03T11:00:00+08:00',
        onTime: true,
        rework: 0,
        ext: 0,
        self: false,
      },
      {
        status: 'closed',
        registered: '2025-03-03T15:00:00+08:00',
        dispatched: '2025-03-03T16:00:00+08:00',
        handled: '2025-03-04T10:00:00+08:00',
        onTime: false,
        rework: 1,
        ext: 1,
        self: false,
      },
      {
        status: 'in_progress',
        registered: '2025-03-03T09:00:00+08:00',
        dispatched: '2025-03-03T09:30:00+08:00',
        handled: null,
        onTime: null,
        rework: 0,
        ext: 1,
        self: false,
      },
      {
        status: 'reported',
        registered: null,
        dispatched: null,
        handled: null,
        onTime: null,
        rework: 0,
        ext: 0,
        self: false,
      },
      {
        status: 'closed',
        registered: null,
        dispatched: null,
        handled: '2025-03-03T10:00:00+08:00',
        onTime: true,
        rework: 0,
        ext: 0,
        self: true,
      },
    ]
    for (const r of rows) {
      await c.query(
        `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id,
           self_handled, assignee_user_id, assignee_department_id, registered_at, dispatched_at, handled_at, closed_at, closed_on_time, rework_count, extension_count, created_at, source)
         values ($1, $2, $3, '指标夹具', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, '2025-03-03T08:30:00+08:00', 'worker')`,
        [
          `S-${randomUUID()}`,
          randomUUID(),
          category,
          r.status,
          g.p,
          g.l1,
          g.l2,
          g.l3,
          workerId,
          r.self,
          r.dispatched ? workerId : null,
          r.dispatched ? department : null,
          r.registered && t(r.registered),
          r.dispatched && t(r.dispatched),
          r.handled && t(r.handled),
          r.status === 'closed' ? t(r.handled!) : null,
          r.onTime,
          r.rework,
          r.ext,
        ],
      )
    }
  })
})
afterAll(async () => {
  await manager.close()
  await worker.close()
})

const EXPECTED = {
  reported: 5,
  registered: 4,
  closed: 3,
  closedOnTime: 2,
  closureRate: 3 / 4,
  onTimeRate: 2 / 3,
  reworkRate: 1 / 3,
  extensionRate: 2 / 3,
  averageHandlingHours: 2.5,
}

describe('indicators', () => {
  it('per community equal the hand-computed values', async () => {
    const rows = (await manager.inject(`/api/stats/grids?level=1&${RANGE}`)).json<{ key: { code: string } }[]>()
    expect(rows).toEqual([{ key: expect.objectContaining({ code: '370705002009' }), ...EXPECTED }])
  })

  it('per unit grid, per department and per worker count only the cases that belong to them', async () => {
    const cell = (await manager.inject(`/api/stats/grids?level=3&${RANGE}`)).json()
    expect(cell).toEqual([{ key: expect.objectContaining({ code: '370705002009001' }), ...EXPECTED }])
    // Departments and workers own the dispatched cases A, B and C: all three registered, two closed, one on time.
    const owned = {
      reported: 3,
      registered: 3,
      closed: 2,
      closedOnTime: 1,
      closureRate: 2 / 3,
      onTimeRate: 1 / 2,
      reworkRate: 1 / 3,
      extensionRate: 2 / 3,
      averageHandlingHours: 2.5,
    }
    expect((await manager.inject(`/api/stats/departments?${RANGE}`)).json()).toEqual([
      { key: expect.objectContaining({ code: 'enforcement' }), ...owned },
    ])
    const workers = await manager.inject(`/api/stats/workers?${RANGE}`)
    expect(workers.json()).toEqual([{ key: expect.objectContaining({ code: maskPhone(DEMO.worker) }), ...owned }])
    expect(workers.body).not.toContain(DEMO.worker)
  })

  it('is for supervisors, managers and admins', async () => {
    expect((await worker.inject(`/api/stats/grids?${RANGE}`)).statusCode).toBe(403)
    expect((await manager.inject('/api/stats/grids?level=1')).statusCode).toBe(400)
  })
})

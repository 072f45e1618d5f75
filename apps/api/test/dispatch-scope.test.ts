import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

// The demo supervisor watches community 370705002001; the street-wide supervisor all nine communities.
const HOME_CELL = '370705002001001'

let admin: SignedInApp
let supervisor: SignedInApp
let streetSupervisor: SignedInApp
let phoneSeq = 0
const fx = {} as {
  categoryId: number
  reporterId: number
  chain: [number, number, number]
  point: { lng: number; lat: number }
}

const one = async <T>(text: string, values: unknown[] = []) =>
  withClient(async (c) => (await c.query(text, values)).rows[0] as T)

async function workerIn(cellCode: string, { active = true } = {}): Promise<number> {
  const grid = await one<{ id: number }>('select id from grids where code = $1', [cellCode])
  const res = await admin.inject({
    method: 'POST',
    url: '/api/users',
    payload: {
      name: '派遣测试员',
      phone: `13611200${String(++phoneSeq).padStart(3, '0')}`,
      password: 'lantern-harbour-7',
      role: 'worker',
      gridIds: [grid.id],
      departmentId: null,
    },
  })
  expect(res.statusCode, res.body).toBe(201)
  const id = res.json<{ id: number }>().id
  if (!active)
    expect(
      (await admin.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { active: false } })).statusCode,
    ).toBe(200)
  return id
}

async function registeredIncident(): Promise<string> {
  const row = await one<{ id: string }>(
    `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, source)
     values ($1, $2, $3, '派遣范围夹具', 'registered', ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, 'worker') returning id::text`,
    [`T-${randomUUID()}`, randomUUID(), fx.categoryId, fx.point.lng, fx.point.lat, ...fx.chain, fx.reporterId],
  )
  return row.id
}

const unchanged = (id: string) =>
  one<{ status: string; assignee: number | null; history: number }>(
    `select status, assignee_user_id assignee, (select count(*)::int from incident_history h where h.incident_id = i.id) history from incidents i where id = $1`,
    [id],
  )

beforeAll(async () => {
  admin = await signedInApp(DEMO.admin)
  supervisor = await signedInApp(DEMO.supervisor)
  streetSupervisor = await signedInApp(DEMO.streetSupervisor)
  const chain = await one<{ l1: number; l2: number; l3: number }>(
    `select g2.parent_id l1, g2.id l2, g3.id l3 from grids g3 join grids g2 on g2.id = g3.parent_id where g3.code = $1`,
    [HOME_CELL],
  )
  Object.assign(fx, {
    categoryId: (await one<{ id: number }>(`select id from categories where code = 'E0101'`)).id,
    reporterId: (await one<{ id: number }>('select id from users where phone = $1', [DEMO.worker])).id,
    chain: [chain.l1, chain.l2, chain.l3],
    point: await pointInGrid(HOME_CELL),
  })
})
afterAll(async () => {
  for (const app of [admin, supervisor, streetSupervisor]) await app.close()
})

const cellOf = async (community: string, nth = 0) =>
  (
    await one<{ code: string }>(
      `select code from grids where level = 3 and code like $1 order by code offset $2 limit 1`,
      [`${community}%`, nth],
    )
  ).code

describe('dispatch reaches only an active worker of the case’s community, inside the dispatcher’s scope', () => {
  it('refuses a worker of another community, to the community supervisor and to the street-wide one, writing nothing', async () => {
    const elsewhere = await workerIn(await cellOf('370705002009'))
    for (const dispatcher of [supervisor, streetSupervisor]) {
      const id = await registeredIncident()
      const res = await dispatcher.inject({
        method: 'POST',
        url: `/api/incidents/${id}/dispatch`,
        payload: { userId: elsewhere },
      })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toMatchObject({ code: 'ASSIGNEE_NOT_ELIGIBLE', details: [{ field: 'userId' }] })
      expect(await unchanged(id)).toEqual({ status: 'registered', assignee: null, history: 0 })
    }
  })

  it('refuses an inactive worker, a non-worker and an unknown id with the same answer', async () => {
    const inactive = await workerIn(await cellOf('370705002001', 3), { active: false })
    const handler = (await one<{ id: number }>('select id from users where phone = $1', [DEMO.handler])).id
    for (const userId of [inactive, handler, 2_000_000_000]) {
      const id = await registeredIncident()
      const res = await supervisor.inject({ method: 'POST', url: `/api/incidents/${id}/dispatch`, payload: { userId } })
      expect(res.statusCode, `${userId}: ${res.body}`).toBe(400)
      expect(res.json()).toMatchObject({ code: 'ASSIGNEE_NOT_ELIGIBLE' })
      expect(await unchanged(id)).toEqual({ status: 'registered', assignee: null, history: 0 })
    }
  })

  it('takes a worker of another unit grid of the same community (the neighbour who stands in)', async () => {
    const neighbour = await workerIn(await cellOf('370705002001', 5))
    for (const dispatcher of [supervisor, streetSupervisor]) {
      const id = await registeredIncident()
      const res = await dispatcher.inject({
        method: 'POST',
        url: `/api/incidents/${id}/dispatch`,
        payload: { userId: neighbour },
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ status: 'dispatched', assignee: { user: { id: neighbour } } })
    }
  })
})

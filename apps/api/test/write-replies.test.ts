import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { INCIDENT_ACTIONS } from '@wangge/workflow'
import { DEMO_PASSWORD } from '@wangge/seed'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { auditForm, auditSheet, newStation, stationPoint } from './stations-fixtures.ts'

// No reply ever carries a record its caller may not read: every route that answers a write with a record answers
// with exactly what that caller would read back with a GET — and a caller who may not read it gets none of it.
const worker = await signedInApp(DEMO.worker)
const supervisor = await signedInApp(DEMO.supervisor)
const handler = await signedInApp(DEMO.handler)
const manager = await signedInApp(DEMO.manager)
const admin = await signedInApp(DEMO.admin)
afterAll(async () => {
  await Promise.all([worker, supervisor, handler, manager, admin].map((a) => a.close()))
})

const CELL = '370705002001001'
const here = await pointInGrid(CELL)
const ids = await withClient(async (c) => ({
  enforcement: (await c.query<{ id: number }>(`select id from departments where code = 'enforcement'`)).rows[0]!.id,
  cell: (await c.query<{ id: number }>('select id from grids where code = $1', [CELL])).rows[0]!.id,
  area: (await c.query<{ id: number }>(`select id from grids where code = '37070500200502'`)).rows[0]!.id,
}))

/** A due time for extensions: later than any seeded limit, well within a year. */
const soon = new Date(Date.now() + 30 * 86_400_000).toISOString()

type Detail = { id: string; status: string }
async function newCase(): Promise<Detail> {
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: 'E0101',
    description: '回复范围测试',
    lng: String(here.lng),
    lat: String(here.lat),
  })
  const res = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Detail>()
}
const act = (app: SignedInApp, id: string, action: string, payload: object = {}) =>
  app.inject({ method: 'POST', url: `/api/incidents/${id}/${action}`, payload })

/** The reply equals what the same caller reads back (the read's own `actions` included). */
async function expectReadable(
  app: SignedInApp,
  reply: { statusCode: number; json: () => unknown; body: string },
  readUrl: string,
) {
  const read = await app.inject(readUrl)
  expect(read.statusCode, read.body).toBe(200)
  expect(reply.json()).toEqual(read.json())
}

describe('a workflow step’s reply', () => {
  it.each(INCIDENT_ACTIONS)(
    'to %s, from one who may not read the case, is a 404 carrying nothing of it',
    async (action) => {
      const incident = await newCase()
      const res = await act(handler, incident.id, action, {
        note: '越权',
        reason: '越权',
        passed: true,
        departmentId: ids.enforcement,
        dueAt: soon,
      })
      expect(res.statusCode).toBe(404)
      expect(res.body).not.toContain('回复范围测试')
    },
  )

  it('is the case as its caller reads it after each step of the loop', async () => {
    const incident = await newCase()
    const steps: [SignedInApp, string, object][] = [
      [supervisor, 'register', {}],
      [supervisor, 'dispatch', { departmentId: ids.enforcement }],
      [handler, 'accept', {}],
      [supervisor, 'extend', { dueAt: soon, reason: '协调' }],
      [handler, 'feedback', { note: '已处置' }],
      [supervisor, 'verify', { passed: true }],
    ]
    for (const [app, action, payload] of steps) {
      const res = await act(app, incident.id, action, payload)
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
      await expectReadable(app, res, `/api/incidents/${incident.id}`)
    }
  })

  it('carries no case its caller may no longer read: a handler who returns a case', async () => {
    const incident = await newCase()
    expect((await act(supervisor, incident.id, 'register')).statusCode).toBe(200)
    expect((await act(supervisor, incident.id, 'dispatch', { departmentId: ids.enforcement })).statusCode).toBe(200)
    const res = await act(handler, incident.id, 'return', { reason: '不属于本单位' })
    expect((await handler.inject(`/api/incidents/${incident.id}`)).statusCode).toBe(404)
    expect(res.statusCode, res.body).toBe(204)
    expect(res.body).toBe('')
    expect((await supervisor.inject(`/api/incidents/${incident.id}`)).json()).toMatchObject({ status: 'registered' })
  })
})

describe('the replies of other writes', () => {
  it('a report: the reporter’s own case as they read it', async () => {
    const incident = await newCase()
    const read = await worker.inject(`/api/incidents/${incident.id}`)
    expect(incident).toEqual(read.json())
  })

  it('a station created, changed and audited: the station as its auditor reads it', async () => {
    const at = await pointInGrid('37070500200502')
    const created = await manager.inject({
      method: 'POST',
      url: '/api/stations',
      payload: {
        name: '回复测试服务站',
        gridId: ids.area,
        lng: at.lng,
        lat: at.lat,
        address: '回复路 1 号',
        contactName: '测试员',
        contactPhone: '13912345678',
        openingHours: '9:00–17:00',
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json<{ id: number }>()
    await expectReadable(manager, created, `/api/stations/${id}`)
    const changed = await manager.inject({
      method: 'PATCH',
      url: `/api/stations/${id}`,
      payload: { openingHours: '8:30–17:30' },
    })
    expect(changed.statusCode, changed.body).toBe(200)
    await expectReadable(manager, changed, `/api/stations/${id}`)
    const audited = await admin.inject({
      method: 'POST',
      url: `/api/stations/${id}/audits`,
      ...auditForm(at, auditSheet()),
    })
    expect(audited.statusCode, audited.body).toBe(201)
    await expectReadable(admin, audited, `/api/stations/${id}`)
  })

  it('an audit of another manager’s station record replays only the auditor’s own audit', async () => {
    const stationId = await newStation('37070500200601', '回复测试网格服务站')
    const at = await stationPoint(stationId)
    const form = auditForm(at, auditSheet({ staffing: { passed: false, deduction: 4 } }))
    expect(
      (await manager.inject({ method: 'POST', url: `/api/stations/${stationId}/audits`, ...form })).statusCode,
    ).toBe(201)
    const again = await manager.inject({ method: 'POST', url: `/api/stations/${stationId}/audits`, ...form })
    expect(again.statusCode).toBe(200)
    await expectReadable(manager, again, `/api/stations/${stationId}`)
  })

  it('a user created and changed: the user as the admin reads them', async () => {
    const created = await admin.inject({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: '回复测试员',
        phone: '14600000001',
        password: 'Reply#Scope-2026',
        role: 'worker',
        gridIds: [ids.cell],
        departmentId: null,
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json<{ id: number }>()
    await expectReadable(admin, created, `/api/users/${id}`)
    const changed = await admin.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { name: '回复测试员乙' } })
    expect(changed.statusCode, changed.body).toBe(200)
    await expectReadable(admin, changed, `/api/users/${id}`)
  })

  it('a calendar year replaced: the year as the admin reads it', async () => {
    const put = await admin.inject({
      method: 'PUT',
      url: '/api/calendar/2031',
      payload: [{ date: '2031-01-01', working: false, note: '元旦' }],
    })
    expect(put.statusCode, put.body).toBe(200)
    await expectReadable(admin, put, '/api/calendar/2031')
  })

  it('a sign-in: the signed-in user as /api/auth/me reads them', async () => {
    const res = await manager.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: DEMO.manager, password: DEMO_PASSWORD },
    })
    expect(res.statusCode).toBe(200)
    const cookie = [res.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('wangge.sid='))!
      .split(';')[0]!
    const me = await manager.app.inject({ url: '/api/auth/me', headers: { cookie } })
    expect(res.json()).toEqual(me.json())
  })
})

import { randomUUID } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { rowCounts } from './row-counts.ts'

/**
 * Input that PostgreSQL or a JS Date would refuse — ids past their column type, NUL in text, a leap second, a year
 * 9999 — is refused by the schemas with 400 VALIDATION_FAILED naming the field, before anything is written. Each of
 * these once passed validation and answered 500 (or, for the extension, committed and then broke the case).
 */
type Role = 'worker' | 'supervisor' | 'manager' | 'admin'
const ROLES: Role[] = ['worker', 'supervisor', 'manager', 'admin']
const apps = {} as Record<Role, SignedInApp>
const BIG = '2147483648'
const NUL = 'a\u0000b'

let fx: { registered: string; dispatched: string; workerId: number; point: { lng: number; lat: number } }

async function incidentIn(
  state: 'registered' | 'dispatched',
  c: Parameters<Parameters<typeof withClient>[0]>[0],
  workerId: number,
  point: { lng: number; lat: number },
) {
  const chain = (
    await c.query(
      `select g3.id l3, g2.id l2, g2.parent_id l1 from grids g3 join grids g2 on g2.id = g3.parent_id where g3.code = '370705002001001'`,
    )
  ).rows[0]
  const category = (await c.query(`select id from categories where code = 'E0101'`)).rows[0].id
  const dispatched = state === 'dispatched'
  const { rows } = await c.query<{ id: string }>(
    `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id,
       assignee_user_id, due_at, dispatched_at, source)
     values ($1, $2, $3, '夹具', $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, $10, $11, $12, $13, 'worker') returning id::text`,
    [
      `T-${randomUUID()}`,
      randomUUID(),
      category,
      state,
      point.lng,
      point.lat,
      chain.l1,
      chain.l2,
      chain.l3,
      workerId,
      dispatched ? workerId : null,
      dispatched ? new Date(Date.now() + 86_400_000) : null,
      dispatched ? new Date() : null,
    ],
  )
  return rows[0]!.id
}

beforeAll(async () => {
  for (const role of ROLES) apps[role] = await signedInApp(DEMO[role])
  const point = await pointInGrid('370705002001001')
  fx = await withClient(async (c) => {
    const workerId = (await c.query('select id from users where phone = $1', [DEMO.worker])).rows[0].id as number
    return {
      registered: await incidentIn('registered', c, workerId, point),
      dispatched: await incidentIn('dispatched', c, workerId, point),
      workerId,
      point,
    }
  })
})
afterAll(async () => {
  for (const role of ROLES) await apps[role].close()
})

interface Case {
  name: string
  role: Role
  field: string
  request: () => InjectOptions
}

const report = (fields: Record<string, string>) => {
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: 'E0101',
    description: '垃圾堆放',
    lng: String(fx.point.lng),
    lat: String(fx.point.lat),
    ...fields,
  })
  return { method: 'POST' as const, url: '/api/incidents', ...form }
}
const audit = (fields: Record<string, string>) => {
  const items = ['funding', 'venue', 'rules', 'staffing', 'signage', 'commitment'].map((code) => ({
    code,
    passed: true,
    deduction: 0,
  }))
  const form = multipart({
    clientId: randomUUID(),
    lng: String(fx.point.lng),
    lat: String(fx.point.lat),
    items: JSON.stringify(items),
    ...fields,
  })
  return { method: 'POST' as const, url: '/api/stations/1/audits', ...form }
}
const step = (id: () => string, action: string, payload: object) => () => ({
  method: 'POST' as const,
  url: `/api/incidents/${id()}/${action}`,
  payload,
})
const q = (url: string) => () => ({ method: 'GET' as const, url })

const cases: Case[] = [
  // ids past 2³¹−1, in every place an id travels
  {
    name: 'incident list grid',
    role: 'supervisor',
    field: 'querystring.grid',
    request: q(`/api/incidents?grid=${BIG}`),
  },
  {
    name: 'incident list assignee',
    role: 'supervisor',
    field: 'querystring.assignee',
    request: q(`/api/incidents?assignee=${BIG}`),
  },
  {
    name: 'incident map department',
    role: 'supervisor',
    field: 'querystring.department',
    request: q(`/api/incidents/geojson?department=${BIG}`),
  },
  {
    name: 'incident list cursor past bigint',
    role: 'supervisor',
    field: 'querystring.cursor',
    request: q('/api/incidents?cursor=9223372036854775808'),
  },
  {
    name: 'grid layer parent',
    role: 'supervisor',
    field: 'querystring.parent',
    request: q(`/api/grids?level=2&parent=${BIG}`),
  },
  { name: 'user list grid', role: 'admin', field: 'querystring.grid', request: q(`/api/users?grid=${BIG}`) },
  { name: 'user list cursor', role: 'admin', field: 'querystring.cursor', request: q(`/api/users?cursor=${BIG}`) },
  { name: 'station list grid', role: 'manager', field: 'querystring.grid', request: q(`/api/stations?grid=${BIG}`) },
  {
    name: 'station export station',
    role: 'manager',
    field: 'querystring.station',
    request: q(`/api/stations/export?format=csv&station=${BIG}`),
  },
  {
    name: 'worker positions grid',
    role: 'supervisor',
    field: 'querystring.grid',
    request: q(`/api/workers/positions?grid=${BIG}`),
  },
  { name: 'audit log actor', role: 'admin', field: 'querystring.actorId', request: q(`/api/audit?actorId=${BIG}`) },
  {
    name: 'new user gridIds',
    role: 'admin',
    field: 'body.gridIds.0',
    request: () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: '测试',
        phone: '13912345678',
        password: 'Wangge@2026x',
        role: 'worker',
        gridIds: [Number(BIG)],
        departmentId: null,
      },
    }),
  },
  {
    name: 'new user departmentId',
    role: 'admin',
    field: 'body.departmentId',
    request: () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: '测试',
        phone: '13912345678',
        password: 'Wangge@2026x',
        role: 'handler',
        gridIds: [],
        departmentId: Number(BIG),
      },
    }),
  },
  {
    name: 'user change departmentId',
    role: 'admin',
    field: 'body.departmentId',
    request: () => ({ method: 'PATCH', url: `/api/users/${fx.workerId}`, payload: { departmentId: Number(BIG) } }),
  },
  {
    name: 'new station gridId',
    role: 'manager',
    field: 'body.gridId',
    request: () => ({
      method: 'POST',
      url: '/api/stations',
      payload: {
        name: '站',
        gridId: Number(BIG),
        lng: fx.point.lng,
        lat: fx.point.lat,
        address: '路',
        contactName: '张三',
        contactPhone: '13912345678',
        openingHours: '9-17',
      },
    }),
  },
  {
    name: 'dispatch userId',
    role: 'supervisor',
    field: 'body.userId',
    request: step(() => fx.registered, 'dispatch', { userId: Number(BIG) }),
  },
  {
    name: 'dispatch departmentId',
    role: 'supervisor',
    field: 'body.departmentId',
    request: step(() => fx.registered, 'dispatch', { departmentId: Number(BIG) }),
  },
  {
    name: 'dispatch userId as a multipart field',
    role: 'supervisor',
    field: 'body.userId',
    request: () => ({ method: 'POST', url: `/api/incidents/${fx.registered}/dispatch`, ...multipart({ userId: BIG }) }),
  },
  // NUL (and other control characters) in text
  { name: 'incident search q', role: 'supervisor', field: 'querystring.q', request: q('/api/incidents?q=a%00b') },
  { name: 'user search q', role: 'admin', field: 'querystring.q', request: q('/api/users?q=a%00b') },
  { name: 'audit log entity', role: 'admin', field: 'querystring.entity', request: q('/api/audit?entity=a%00b') },
  {
    name: 'report description',
    role: 'worker',
    field: 'body.description',
    request: () => report({ description: NUL }),
  },
  { name: 'report address', role: 'worker', field: 'body.address', request: () => report({ address: 'x\u001by' }) },
  {
    name: 'dispatch note',
    role: 'supervisor',
    field: 'body.note',
    request: step(() => fx.registered, 'dispatch', { userId: 1, note: NUL }),
  },
  {
    name: 'reject reason',
    role: 'supervisor',
    field: 'body.reason',
    request: step(() => fx.registered, 'reject', { reason: NUL }),
  },
  {
    name: 'new user name',
    role: 'admin',
    field: 'body.name',
    request: () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: NUL,
        phone: '13912345678',
        password: 'Wangge@2026x',
        role: 'worker',
        gridIds: [],
        departmentId: null,
      },
    }),
  },
  {
    name: 'station address',
    role: 'manager',
    field: 'body.address',
    request: () => ({ method: 'PATCH', url: '/api/stations/1', payload: { address: NUL } }),
  },
  { name: 'audit note', role: 'manager', field: 'body.note', request: () => audit({ note: NUL }) },
  {
    name: 'calendar note',
    role: 'admin',
    field: 'body.0.note',
    request: () => ({
      method: 'PUT',
      url: '/api/calendar/2099',
      payload: [{ date: '2099-01-01', working: false, note: NUL }],
    }),
  },
  // instants that are not real, or not sane
  {
    name: 'incident list leap second',
    role: 'supervisor',
    field: 'querystring.from',
    request: q('/api/incidents?from=2026-01-01T23:59:60Z'),
  },
  {
    name: 'stats leap second',
    role: 'manager',
    field: 'querystring.to',
    request: q('/api/stats/grids?from=2026-01-01T00:00:00Z&to=2026-01-01T23:59:60Z'),
  },
  {
    name: 'audit log year 0',
    role: 'admin',
    field: 'querystring.from',
    request: q('/api/audit?from=0000-01-01T00:00:00Z'),
  },
  {
    name: 'extension to year 9999',
    role: 'supervisor',
    field: 'body.dueAt',
    request: step(() => fx.dispatched, 'extend', { dueAt: '9999-12-31T00:00:00Z', reason: '等待配件' }),
  },
  {
    name: 'extension to a leap second',
    role: 'supervisor',
    field: 'body.dueAt',
    request: step(() => fx.dispatched, 'extend', { dueAt: '2026-12-31T23:59:60Z', reason: '等待配件' }),
  },
]

describe('bad input is a 400 naming the field, and nothing is written', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const before = await withClient((db) => rowCounts(db, ['sessions']))
      const res = await apps[c.role].inject(c.request())
      expect({ status: res.statusCode, code: res.json<{ code: string }>().code }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      })
      const fields = res.json<{ details?: { field: string }[] }>().details?.map((d) => d.field) ?? []
      expect(fields).toContain(c.field)
      expect(await withClient((db) => rowCounts(db, ['sessions']))).toEqual(before)
    })
  }
})

describe('an accuracy finer than float4 can hold is kept to the centimetre, never a 500', () => {
  it('files a report with accuracy 6.38e-161 (found by the route fuzz) and stores 0', async () => {
    const res = await apps.worker.inject(report({ accuracy: '6.38e-161' }))
    expect(res.statusCode).toBe(201)
    const id = res.json<{ id: string }>().id
    const stored = await withClient(
      async (c) => (await c.query('select accuracy_m from incidents where id = $1', [id])).rows[0].accuracy_m as number,
    )
    expect(stored).toBe(0)
  })

  it('takes an audit with accuracy 1e-300', async () => {
    const res = await apps.manager.inject(audit({ accuracy: '1e-300' }))
    expect(res.statusCode).toBe(201)
  })
})

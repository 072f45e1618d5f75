import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import { DEMO_PASSWORD } from '@wangge/seed'
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import { CHINA_2026 } from '@wangge/sla'
import { buildTestApp, DEMO, multipart, pointInGrid, signIn, withClient } from './helper.ts'
import { auditForm, auditSheet, stationPoint } from './stations-fixtures.ts'
import { HOTLINE_MATRIX_ROWS } from './hotline-matrix-rows.ts'
import { PATROL_MATRIX_ROWS } from './patrol-matrix-rows.ts'
import { OPEN311_MATRIX_ROWS } from './open311-matrix-rows.ts'
import { ROUTING_MATRIX_ROWS } from './routing-matrix-rows.ts'
import { REGISTRY_MATRIX_ROWS } from './registry-matrix-rows.ts'

/**
 * Every API route × every role, in scope and out of scope, from this one table. The last test compares the table
 * with the OpenAPI document, so a new route fails the run until its row is added here.
 */
type Actor = 'anonymous' | 'worker' | 'supervisor' | 'streetSupervisor' | 'handler' | 'manager' | 'admin'
const ACTORS: Actor[] = ['anonymous', 'worker', 'supervisor', 'streetSupervisor', 'handler', 'manager', 'admin']

interface Fixtures {
  /** Incidents in community 001 (reported by the worker, with a photo) and in community 009. */
  incidentInCommunity1: string
  incidentInCommunity9: string
  photoInCommunity1: string
  pointInWorkerCell: { lng: number; lat: number }
  workerId: number
  managerId: number
  scratchUserId: number
  cellId: number
  tree: unknown
  /** The work stations of community 001 (the supervisor's) and 009, and a photo of an audit of the first. */
  stationInCommunity1: number
  stationInCommunity9: number
  stationPhotoInCommunity1: string
  stationPhotoInCommunity9: string
  areaOfCommunity4: { id: number; lng: number; lat: number }
}

interface Row {
  route: string
  /** What this row proves beyond the route (in scope, out of scope…). */
  case?: string
  request: (f: Fixtures, actor: Actor) => InjectOptions | Promise<InjectOptions>
  /** Sent without the actor's session (signing in again would end it for the rows after). */
  withoutSession?: true
  expect: Record<Actor, number>
}

const all = (status: number, anonymous = 401): Record<Actor, number> => ({
  anonymous,
  worker: status,
  supervisor: status,
  streetSupervisor: status,
  handler: status,
  manager: status,
  admin: status,
})
const only = (allowed: Partial<Record<Actor, number>>, others = 403): Record<Actor, number> => ({
  ...all(others),
  ...allowed,
})

const STATION_READERS = { supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }

let phoneSeq = 0
const MATRIX: Row[] = [
  { route: 'GET /api/health', request: () => ({ url: '/api/health' }), expect: all(200, 200) },
  { route: 'GET /api/health/ready', request: () => ({ url: '/api/health/ready' }), expect: all(200, 200) },
  { route: 'GET /api/config', request: () => ({ url: '/api/config' }), expect: all(200, 200) },
  {
    route: 'POST /api/auth/login',
    request: (_f, actor) => ({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: actor === 'anonymous' ? '13999999999' : DEMO[actor], password: DEMO_PASSWORD },
    }),
    withoutSession: true,
    expect: all(200, 401),
  },
  { route: 'GET /api/auth/me', request: () => ({ url: '/api/auth/me' }), expect: all(200) },
  { route: 'GET /api/auth/scope', request: () => ({ url: '/api/auth/scope' }), expect: all(200) },
  { route: 'GET /api/grids', request: () => ({ url: '/api/grids?level=1' }), expect: all(200) },
  {
    route: 'GET /api/grids/locate',
    request: () => ({ url: '/api/grids/locate?lng=116.397&lat=39.909' }),
    expect: all(422),
  },
  {
    route: 'GET /api/grids/{id}',
    case: 'the map is the whole street for everyone',
    request: (f) => ({ url: `/api/grids/${f.cellId}` }),
    expect: all(200),
  },
  {
    route: 'GET /api/grids/tiles/{z}/{x}/{y}.mvt',
    case: 'the map is the whole street for everyone, as the GeoJSON layer',
    request: () => ({ url: '/api/grids/tiles/14/13609/6278.mvt' }),
    expect: all(200),
  },
  { route: 'GET /api/grids/export', request: () => ({ url: '/api/grids/export' }), expect: only({ admin: 200 }) },
  {
    route: 'POST /api/grids/import',
    request: (f) => ({ method: 'POST', url: '/api/grids/import', payload: f.tree as object }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'GET /api/users',
    request: () => ({ url: '/api/users' }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  {
    route: 'GET /api/users/{id}',
    case: 'in scope (the worker of community 001)',
    request: (f) => ({ url: `/api/users/${f.workerId}` }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  {
    route: 'GET /api/users/{id}',
    case: 'out of scope (the manager, in no grid)',
    request: (f) => ({ url: `/api/users/${f.managerId}` }),
    expect: only({ supervisor: 404, streetSupervisor: 404, manager: 200, admin: 200 }),
  },
  {
    route: 'POST /api/users',
    request: () => ({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: '矩阵',
        phone: `13600000${String(++phoneSeq).padStart(3, '0')}`,
        password: 'matrix-pass',
        role: 'manager',
        gridIds: [],
        departmentId: null,
      },
    }),
    expect: only({ admin: 201 }),
  },
  {
    route: 'PATCH /api/users/{id}',
    request: (f) => ({ method: 'PATCH', url: `/api/users/${f.scratchUserId}`, payload: { name: '矩阵改名' } }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'POST /api/users/{id}/reset-password',
    request: (f) => ({
      method: 'POST',
      url: `/api/users/${f.scratchUserId}/reset-password`,
      payload: { password: 'another-pass' },
    }),
    expect: only({ admin: 204 }),
  },
  { route: 'GET /api/categories', request: () => ({ url: '/api/categories' }), expect: all(200) },
  {
    route: 'POST /api/incidents',
    request: (f) => ({ method: 'POST', url: '/api/incidents', ...reportForm(f.pointInWorkerCell) }),
    expect: only({ worker: 201, supervisor: 201, streetSupervisor: 201 }),
  },
  {
    route: 'GET /api/incidents',
    case: 'each sees what is visible to them',
    request: () => ({ url: '/api/incidents' }),
    expect: all(200),
  },
  { route: 'GET /api/incidents/geojson', request: () => ({ url: '/api/incidents/geojson' }), expect: all(200) },
  {
    route: 'GET /api/incidents/clusters',
    case: 'each counts what is visible to them',
    request: () => ({ url: '/api/incidents/clusters?zoom=14&bbox=119.0,36.6,119.3,36.8' }),
    expect: all(200),
  },
  {
    route: 'GET /api/incidents/grid-loads',
    case: 'each counts what is visible to them',
    request: () => ({ url: '/api/incidents/grid-loads?level=3&bbox=119.0,36.6,119.3,36.8' }),
    expect: all(200),
  },
  {
    route: 'GET /api/incidents/queues',
    case: 'each counts what is visible to them',
    request: () => ({ url: '/api/incidents/queues' }),
    expect: all(200),
  },
  {
    route: 'GET /api/incidents/export',
    request: () => ({ url: '/api/incidents/export?format=csv' }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  {
    route: 'GET /api/incidents/{id}',
    case: 'in scope (community 001)',
    request: (f) => ({ url: `/api/incidents/${f.incidentInCommunity1}` }),
    expect: {
      anonymous: 401,
      worker: 200,
      supervisor: 200,
      streetSupervisor: 200,
      handler: 404,
      manager: 200,
      admin: 200,
    },
  },
  {
    route: 'GET /api/incidents/{id}',
    case: 'out of scope (community 009)',
    request: (f) => ({ url: `/api/incidents/${f.incidentInCommunity9}` }),
    expect: {
      anonymous: 401,
      worker: 404,
      supervisor: 404,
      streetSupervisor: 200,
      handler: 404,
      manager: 200,
      admin: 200,
    },
  },
  {
    route: 'GET /api/photos/{sha256}',
    case: 'a photo of an incident in community 001',
    request: (f) => ({ url: `/api/photos/${f.photoInCommunity1}?variant=thumb` }),
    expect: {
      anonymous: 401,
      worker: 200,
      supervisor: 200,
      streetSupervisor: 200,
      handler: 404,
      manager: 200,
      admin: 200,
    },
  },
  {
    route: 'POST /api/incidents/{id}/{action}',
    case: 'register a fresh report in community 001',
    request: async (f) => ({ method: 'POST', url: `/api/incidents/${await freshReport(f)}/register`, payload: {} }),
    expect: {
      anonymous: 401,
      worker: 403,
      supervisor: 200,
      streetSupervisor: 200,
      handler: 404,
      manager: 403,
      admin: 200,
    },
  },
  { route: 'GET /api/calendar/{year}', request: () => ({ url: '/api/calendar/2026' }), expect: all(200) },
  {
    route: 'PUT /api/calendar/{year}',
    request: () => ({
      method: 'PUT',
      url: '/api/calendar/2026',
      payload: CHINA_2026.map((d) => ({ date: d.date, working: d.working, note: d.note ?? '' })),
    }),
    expect: only({ admin: 200 }),
  },
  ...(['grids', 'departments', 'workers'] as const).map((by) => ({
    route: `GET /api/stats/${by}`,
    request: () => ({ url: `/api/stats/${by}?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z` }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  })),
  // The dashboard: managers, admins and supervisors (a supervisor's figures cover its scope only).
  ...(['summary', 'trend', 'breakdown', 'heat', 'stations'] as const).map((part) => ({
    route: `GET /api/dashboard/${part}`,
    request: () => ({ url: `/api/dashboard/${part}?from=2026-01-01&to=2026-03-31` }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  })),
  {
    route: 'GET /api/dashboard/rankings',
    request: () => ({ url: '/api/dashboard/rankings?by=area&from=2026-01-01&to=2026-03-31' }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  {
    route: 'GET /api/dashboard/rankings/export',
    request: () => ({ url: '/api/dashboard/rankings/export?by=worker&from=2026-01-01&to=2026-03-31' }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  { route: 'GET /api/departments', request: () => ({ url: '/api/departments' }), expect: all(200) },
  // Stations: managers and admins audit and see every station; supervisors read within their scope; workers and
  // handlers have no business with them (403).
  {
    route: 'GET /api/stations',
    case: 'each reader sees their scope',
    request: () => ({ url: '/api/stations' }),
    expect: only(STATION_READERS),
  },
  {
    route: 'GET /api/stations/compliance',
    request: () => ({ url: '/api/stations/compliance?level=2' }),
    expect: only(STATION_READERS),
  },
  {
    route: 'GET /api/stations/export',
    request: () => ({ url: '/api/stations/export?format=csv' }),
    expect: only(STATION_READERS),
  },
  {
    route: 'GET /api/stations/{id}',
    case: 'in scope (community 001)',
    request: (f) => ({ url: `/api/stations/${f.stationInCommunity1}` }),
    expect: only(STATION_READERS),
  },
  {
    route: 'GET /api/stations/{id}',
    case: 'out of scope (community 009)',
    request: (f) => ({ url: `/api/stations/${f.stationInCommunity9}` }),
    expect: only({ ...STATION_READERS, supervisor: 404 }),
  },
  {
    route: 'GET /api/stations/photos/{sha256}',
    case: 'an audit photo in community 001',
    request: (f) => ({ url: `/api/stations/photos/${f.stationPhotoInCommunity1}?variant=thumb` }),
    expect: only(STATION_READERS),
  },
  {
    route: 'GET /api/stations/photos/{sha256}',
    case: 'an audit photo in community 009',
    request: (f) => ({ url: `/api/stations/photos/${f.stationPhotoInCommunity9}?variant=thumb` }),
    expect: only({ ...STATION_READERS, supervisor: 404 }),
  },
  {
    route: 'POST /api/stations',
    request: (f) => ({
      method: 'POST',
      url: '/api/stations',
      payload: {
        name: '矩阵站点',
        gridId: f.areaOfCommunity4.id,
        lng: f.areaOfCommunity4.lng,
        lat: f.areaOfCommunity4.lat,
        address: '矩阵路1号',
        contactName: '矩阵',
        contactPhone: '13700000001',
        openingHours: '全天',
      },
    }),
    expect: only({ manager: 201, admin: 201 }),
  },
  {
    route: 'PATCH /api/stations/{id}',
    request: (f) => ({
      method: 'PATCH',
      url: `/api/stations/${f.stationInCommunity9}`,
      payload: { openingHours: '周一至周日 8:30–17:30' },
    }),
    expect: only({ manager: 200, admin: 200 }),
  },
  {
    route: 'POST /api/stations/{id}/audits',
    request: async (f) => ({
      method: 'POST',
      url: `/api/stations/${f.stationInCommunity1}/audits`,
      ...auditForm(await stationPoint(f.stationInCommunity1), auditSheet()),
    }),
    expect: only({ manager: 201, admin: 201 }),
  },
  {
    route: 'GET /api/workers/positions',
    request: () => ({ url: '/api/workers/positions?near=119.1,36.7&limit=5' }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  { route: 'GET /api/audit', request: () => ({ url: '/api/audit' }), expect: only({ admin: 200 }) },
  ...HOTLINE_MATRIX_ROWS,
  ...PATROL_MATRIX_ROWS,
  ...OPEN311_MATRIX_ROWS,
  ...ROUTING_MATRIX_ROWS,
  ...REGISTRY_MATRIX_ROWS,
  // Last: it ends the session it is given.
  {
    route: 'POST /api/auth/logout',
    request: () => ({ method: 'POST', url: '/api/auth/logout' }),
    expect: all(204, 204),
  },
]

/** A new report by the demo worker, so each actor's workflow step meets an incident still in `reported`. */
async function freshReport(f: Fixtures): Promise<string> {
  const app = await appPromise
  const form = reportForm(f.pointInWorkerCell)
  const res = await app.inject({
    method: 'POST',
    url: '/api/incidents',
    payload: form.payload,
    headers: { ...form.headers, cookie: cookies.get('worker')! },
  })
  return res.json<{ id: string }>().id
}

function reportForm(at: { lng: number; lat: number }, files: Parameters<typeof multipart>[1] = []) {
  return multipart(
    {
      clientId: randomUUID(),
      categoryCode: 'C0102',
      description: '路灯不亮',
      lng: String(at.lng),
      lat: String(at.lat),
    },
    files,
  )
}

const appPromise = buildTestApp()
const cookies = new Map<Actor, string>()
let fixtures: Fixtures

beforeAll(async () => {
  const app = await appPromise
  for (const actor of ACTORS) if (actor !== 'anonymous') cookies.set(actor, await signIn(app, DEMO[actor]))
  const ids = await withClient(async (c) => {
    const q = async (text: string, values: unknown[]) => (await c.query<{ id: number }>(text, values)).rows[0]!.id
    return {
      workerId: await q('select id from users where phone = $1', [DEMO.worker]),
      managerId: await q('select id from users where phone = $1', [DEMO.manager]),
      cellId: await q(`select id from grids where code = '370705002005010'`, []),
    }
  })
  const scratch = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: cookies.get('admin')! },
    payload: {
      name: '矩阵用户',
      phone: '13600000999',
      password: 'matrix-pass',
      role: 'manager',
      gridIds: [],
      departmentId: null,
    },
  })
  const tree = (
    await app.inject({ url: '/api/grids/export', headers: { cookie: cookies.get('admin')! } })
  ).json<unknown>()
  const pointInWorkerCell = await pointInGrid('370705002001001')
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#333' } })
    .jpeg()
    .toBuffer()
  const reportAs = (actor: Actor, form: ReturnType<typeof multipart>) =>
    app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: form.payload,
      headers: { ...form.headers, cookie: cookies.get(actor)! },
    })
  const inCommunity1 = await reportAs(
    'worker',
    reportForm(pointInWorkerCell, [{ field: 'photos', name: 'p.jpg', type: 'image/jpeg', bytes: photo }]),
  )
  const inCommunity9 = await reportAs('streetSupervisor', reportForm(await pointInGrid('370705002009005')))
  const first = inCommunity1.json<{ id: string; photos: { sha256: string }[] }>()
  const stationOf = (code: string) =>
    withClient(
      async (c) =>
        (
          await c.query<{ id: number }>(
            'select s.id from stations s join grids g on g.id = s.grid_id where g.code = $1 order by s.id limit 1',
            [code],
          )
        ).rows[0]!.id,
    )
  const auditPhoto = async (stationId: number, color: string) => {
    const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
      .jpeg()
      .toBuffer()
    const form = auditForm(await stationPoint(stationId), auditSheet(), [
      { field: 'photos.signage', name: 's.jpg', type: 'image/jpeg', bytes },
    ])
    const res = await app.inject({
      method: 'POST',
      url: `/api/stations/${stationId}/audits`,
      payload: form.payload,
      headers: { ...form.headers, cookie: cookies.get('manager')! },
    })
    return res.json<{ audits: { items: { photos: string[] }[] }[] }>().audits[0]!.items.flatMap((i) => i.photos)[0]!
  }
  const stationInCommunity1 = await stationOf('370705002001')
  const stationInCommunity9 = await stationOf('370705002009')
  const areaOfCommunity4 = await withClient(
    async (c) => (await c.query<{ id: number }>(`select id from grids where code = '37070500200401'`)).rows[0]!.id,
  )
  fixtures = {
    stationInCommunity1,
    stationInCommunity9,
    areaOfCommunity4: { id: areaOfCommunity4, ...(await pointInGrid('37070500200401')) },
    stationPhotoInCommunity1: await auditPhoto(stationInCommunity1, '#456'),
    stationPhotoInCommunity9: await auditPhoto(stationInCommunity9, '#654'),
    ...ids,
    scratchUserId: scratch.json<{ id: number }>().id,
    tree,
    pointInWorkerCell,
    incidentInCommunity1: first.id,
    photoInCommunity1: first.photos[0]!.sha256,
    incidentInCommunity9: inCommunity9.json<{ id: string }>().id,
  }
})
afterAll(async () => (await appPromise).close())

describe('authorization matrix', () => {
  for (const row of MATRIX) {
    it(`${row.route}${row.case ? ` — ${row.case}` : ''}`, async () => {
      const app = await appPromise
      const seen: Partial<Record<Actor, number>> = {}
      for (const actor of ACTORS) {
        const request = await row.request(fixtures, actor)
        const cookie = row.withoutSession ? undefined : cookies.get(actor)
        const res = await app.inject({
          ...request,
          headers: { ...(request.headers ?? {}), ...(cookie ? { cookie } : {}) },
        } as InjectOptions)
        seen[actor] = res.statusCode
        if (
          (res.statusCode === 403 || res.statusCode === 404 || res.statusCode === 401) &&
          String(res.headers['content-type'] ?? '').includes('json')
        ) {
          // A refusal says why and nothing else: no data of the resource leaks into it.
          expect(Object.keys(res.json<object>()).sort()).toEqual(['code', 'message', 'statusCode'])
        }
      }
      expect(seen).toEqual(row.expect)
    })
  }

  it('covers every route of the API', async () => {
    const app = await appPromise
    const doc = (await app.inject('/api/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>()
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    )
    expect(new Set(MATRIX.map((r) => r.route))).toEqual(new Set(routes))
  })
})

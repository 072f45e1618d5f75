import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { ActionBody, AuditFields, ReportFields, VisitFields } from '@wangge/contract'
import pg from 'pg'
import { buildTestApp, databaseUrl, DEMO, multipart, pointInGrid, signIn, withClient } from './helper.ts'
import { isWrittenInBackground, publicTables } from './row-counts.ts'
import { installRowChangeTally } from './fuzz/row-change-tally.ts'
import { markBeforeFuzz, removeFuzzLeftovers, type FuzzMark } from './fuzz/fuzz-leftovers.ts'
import { boundaryValues, randomValues, validSample, type FieldSchema } from './fuzz/fuzz-values.ts'
import { routeCatalogue, type FieldPlace, type FuzzRoute } from './fuzz/route-catalogue.ts'

/**
 * Every route, every field of its own schema, boundary and random values, signed in as a role the route admits
 * and anonymously: no reply is a 5xx, and no refused request (4xx) changes a table's row count.
 * FUZZ_SEED replays a run (the seed is printed); FUZZ_RANDOM sets the random values per field.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)
const RANDOM_PER_FIELD = Number(process.env.FUZZ_RANDOM ?? 6)
/**
 * Rows that a refusal may write by design: failed sign-ins and rate-limited requests are counted (rate_counters),
 * failed sign-ins are written to the audit log, as is every export (a GET); sessions come and go. Every other audit row is written in the transaction of the
 * change it records, so a refused change leaves none — and the changed tables themselves are still tallied.
 */
// notifications: written right after a committed step (its follow-up), so they land during the next request. The
// tables every app writes in the background (row-counts.ts: the dashboard's roll-ups, the map's counts per cell)
// are left out too; their own tests tally them.
const COUNTED_ELSEWHERE = ['sessions', 'rate_counters', 'audit_log', 'notifications']
const ROUTING_RULE_BASE = {
  categoryId: null,
  gridId: null,
  target: 'department',
  departmentId: null,
  autoDispatch: false,
  note: '',
}
// The ladder and push timers write on their own schedule (seeded cases' ladder steps): off, as in issue 19's tests.
process.env.ROUTING_TIMERS = 'off'
const ROLES = ['admin', 'manager', 'supervisor', 'worker', 'handler'] as const
type Role = (typeof ROLES)[number]

const HAND_PARSED: Record<string, { place: 'json' | 'multipart'; schema: FieldSchema }[]> = {
  'POST /api/incidents': [{ place: 'multipart', schema: ReportFields as FieldSchema }],
  'POST /api/incidents/:id/:action': [
    { place: 'json', schema: ActionBody as FieldSchema },
    { place: 'multipart', schema: ActionBody as FieldSchema },
  ],
  'POST /api/stations/:id/audits': [{ place: 'multipart', schema: AuditFields as FieldSchema }],
  'POST /api/registry/visits': [{ place: 'multipart', schema: VisitFields as FieldSchema }],
}

let app: FastifyInstance
/** One connection for the tally of written rows, read only between requests (never while one is in flight). */
let counter: pg.Client
let tally: Awaited<ReturnType<typeof installRowChangeTally>>
let mark: FuzzMark | undefined
const cookies = {} as Record<Role, string>
let fx: { incident: string; userId: number; stationId: number; gridId: number; point: { lng: number; lat: number } }

/** The request every fuzzed one varies by one field: valid where it matters, so the varied field is what is tested. */
function base(route: FuzzRoute): {
  path: Record<string, unknown>
  query: Record<string, unknown>
  json: unknown
  multipart: Record<string, unknown>
} {
  const key = `${route.method} ${route.path}`
  const path: Record<string, unknown> = { id: fx.gridId, year: 2099, sha256: '0'.repeat(64), action: 'register' }
  if (route.path.startsWith('/api/users/')) path.id = fx.userId
  if (route.path.startsWith('/api/incidents/')) path.id = fx.incident
  if (route.path.startsWith('/api/stations/')) path.id = fx.stationId
  if (route.path.startsWith('/api/hotline/cases/')) path.incidentId = fx.incident
  const query: Record<string, unknown> =
    {
      'GET /api/grids': { level: 1 },
      'GET /api/grids/locate': { lng: fx.point.lng, lat: fx.point.lat },
      'GET /api/stations/export': { format: 'csv' },
    }[key] ?? (route.path.startsWith('/api/stats/') ? { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' } : {})
  const items = ['funding', 'venue', 'rules', 'staffing', 'signage', 'commitment'].map((code) => ({
    code,
    passed: true,
    deduction: 0,
  }))
  const json =
    {
      'POST /api/auth/login': { phone: '13900000999', password: 'not-the-password' },
      // A department rule without its department: refused unless the fuzz names a department — and then it keeps
      // autoDispatch false, so no rule the fuzz makes dispatches anyone's reports while it runs (issue 19).
      'POST /api/routing/rules': ROUTING_RULE_BASE,
      'PUT /api/routing/rules/:id': ROUTING_RULE_BASE,
      'POST /api/users': {
        name: '模糊测试',
        phone: '13912340000',
        password: 'Fuzz-Wangge-2026!',
        role: 'manager',
        gridIds: [],
        departmentId: null,
      },
      'PATCH /api/users/:id': { name: '模糊测试' },
      'POST /api/users/:id/reset-password': { password: 'Fuzz-Wangge-2026!' },
      'PUT /api/calendar/:year': [],
      // Never a valid tree: the fuzz must not replace the street (a lone unit grid without its parent is refused).
      'POST /api/grids/import': {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { level: 3, code: '370705002001001', name: '孤格', parentCode: null },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [119, 36],
                  [119.001, 36],
                  [119.001, 36.001],
                  [119, 36],
                ],
              ],
            },
          },
        ],
      },
      'POST /api/stations': {
        name: '模糊站',
        gridId: fx.gridId,
        lng: fx.point.lng,
        lat: fx.point.lat,
        address: '路',
        contactName: '张三',
        contactPhone: '13912345678',
        openingHours: '9-17',
      },
      'PATCH /api/stations/:id': { name: '模糊站' },
      'POST /api/incidents/:id/:action': {},
      'POST /api/hotline/orders': {
        orderNumber: `FZ-${randomUUID().slice(0, 8)}`,
        callerName: '模糊来电',
        callerPhone: '13912345678',
        calledAt: '2026-11-20T09:30:00+08:00',
        content: '模糊测试',
        categoryCode: 'C0102',
        lng: fx.point.lng,
        lat: fx.point.lat,
      },
    }[key] ?? (route.body?.place === 'json' ? validSample(route.body.schema) : undefined)
  const form =
    {
      'POST /api/incidents': {
        clientId: randomUUID(),
        categoryCode: 'E0101',
        description: '模糊测试',
        lng: fx.point.lng,
        lat: fx.point.lat,
      },
      'POST /api/stations/:id/audits': {
        clientId: randomUUID(),
        lng: fx.point.lng,
        lat: fx.point.lat,
        items: JSON.stringify(items),
      },
    }[key] ?? {}
  return { path, query, json, multipart: form }
}

const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'))
/** Every byte percent-encoded (encodeURIComponent throws on a lone surrogate, which the fuzz sends on purpose). */
const pathSegment = (v: unknown) =>
  [...Buffer.from(text(v), 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')

/** One request: the base with `field` set to `value` (or the whole body replaced, when field is '*'). */
function requestOf(route: FuzzRoute, place: FieldPlace | 'body', field: string, value: unknown): InjectOptions {
  const b = base(route)
  if (place === 'path') b.path[field] = value
  if (place === 'query') b.query[field] = value
  if (place === 'json' && field !== '*') b.json = { ...(b.json as object), [field]: value }
  if (place === 'multipart') b.multipart[field] = value
  const url = route.path.replace(/:(\w+)/g, (_, name: string) => pathSegment(b.path[name]))
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(b.query))
    for (const one of Array.isArray(v) && v.length > 0 ? v : [v]) search.append(k, text(one))
  const options: InjectOptions = {
    method: route.method as InjectOptions['method'],
    url: search.size ? `${url}?${search}` : url,
  }
  const wantsMultipart =
    place === 'multipart' || (place !== 'json' && place !== 'body' && route.body?.place === 'multipart')
  if (place === 'body') options.payload = JSON.stringify(value) ?? ''
  else if (wantsMultipart)
    Object.assign(options, multipart(Object.fromEntries(Object.entries(b.multipart).map(([k, v]) => [k, text(v)]))))
  else if (b.json !== undefined && route.method !== 'GET') options.payload = JSON.stringify(b.json)
  if (typeof options.payload === 'string') options.headers = { 'content-type': 'application/json' }
  return options
}

/**
 * A path id of a route that writes, when it could name a real row (a small positive number, however spelled:
 * ' 1', '1e3', '0x10' all coerce): skipped, so the fuzz never renames, resets or moves a record other tests use.
 */
function namesARealRow(route: FuzzRoute, place: FieldPlace, field: string, value: unknown): boolean {
  if (route.method === 'GET' || place !== 'path' || field === 'action') return false
  const n = Number(text(value).trim())
  return Number.isFinite(n) && n >= 1 && n < 1e7
}

/** The role the route admits (the first of admin, manager, … that is not refused 403), or none for public routes. */
async function admittedRole(route: FuzzRoute): Promise<Role | undefined> {
  if (route.path === '/api/auth/logout') return undefined // signed in, it would end the fuzz's own session
  for (const role of ROLES) {
    const b = base(route)
    const url = route.path.replace(/:(\w+)/g, (_, name: string) => pathSegment(b.path[name]))
    const res = await app.inject({
      method: route.method as InjectOptions['method'],
      url,
      headers: { cookie: cookies[role] },
    })
    if (res.statusCode !== 403) return role
  }
  return undefined
}

interface Sent {
  sent: number
  byStatus: Record<number, number>
  failures: string[]
}

async function fuzzRoute(route: FuzzRoute, role: Role | undefined, sent: Sent): Promise<void> {
  const cookie = role ? { cookie: cookies[role] } : {}
  const writes = route.method !== 'GET'
  const variants: [FieldPlace | 'body', string, unknown][] = []
  for (const f of route.fields) {
    const values = role
      ? [...boundaryValues(f.schema), ...randomValues(RANDOM_PER_FIELD, SEED + variants.length)]
      : boundaryValues(f.schema).slice(0, 2)
    for (const v of values) if (!namesARealRow(route, f.place, f.name, v)) variants.push([f.place, f.name, v])
    if (!f.required && role) variants.push([f.place, f.name, undefined])
  }
  if (route.body?.place === 'json')
    for (const v of [null, [], 'x', 1, true, [{}], { unknown: 1 }]) variants.push(['body', '*', v])
  if (variants.length === 0) variants.push(['query', '__none', undefined])

  let before = await tally.read()
  for (const [place, field, value] of variants) {
    const options = requestOf(route, place, field, value)
    const res = await app.inject({ ...options, headers: { ...(options.headers as object), ...cookie } })
    sent.sent++
    sent.byStatus[res.statusCode] = (sent.byStatus[res.statusCode] ?? 0) + 1
    const what = `${route.method} ${options.url} as ${role ?? 'anonymous'}, ${place}.${field} = ${(JSON.stringify(value) ?? 'undefined').slice(0, 80)}`
    if (res.statusCode >= 500) sent.failures.push(`${res.statusCode} for ${what}: ${res.body.slice(0, 200)}`)
    if (route.path === '/api/grids/import' && res.statusCode < 300)
      sent.failures.push(`the fuzz replaced the grid tree: ${what}`)
    if (writes) {
      const after = await tally.read()
      if (res.statusCode >= 400 && res.statusCode < 500 && after !== before)
        sent.failures.push(`${res.statusCode} yet ${after - before} row(s) written: ${what}`)
      before = after
    }
  }
  if (!writes) {
    const after = await tally.read()
    if (after !== before) sent.failures.push(`GETs wrote ${after - before} row(s): ${route.method} ${route.path}`)
  }
}

beforeAll(async () => {
  app = await buildTestApp()
  counter = new pg.Client({ connectionString: databaseUrl() })
  await counter.connect()
  tally = await installRowChangeTally(
    counter,
    (await publicTables(counter)).filter((t) => !COUNTED_ELSEWHERE.includes(t) && !isWrittenInBackground(t)),
  )
  for (const role of ROLES) cookies[role] = await signIn(app, DEMO[role])
  mark = await markBeforeFuzz(counter)
  const point = await pointInGrid('370705002001001')
  const ids = await withClient(async (c) => {
    const one = async (q: string, v: unknown[] = []) => (await c.query(q, v)).rows[0]
    const chain = await one(
      `select g3.id l3, g2.id l2, g2.parent_id l1 from grids g3 join grids g2 on g2.id = g3.parent_id where g3.code = '370705002001001'`,
    )
    const reporter = (await one('select id from users where phone = $1', [DEMO.worker])).id as number
    const category = (await one(`select id from categories where code = 'E0101'`)).id as number
    const incident = (
      await one(
        `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, source)
       values ($1, $2, $3, '模糊测试夹具', 'reported', ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, 'worker') returning id::text id`,
        [`FUZZ-${randomUUID()}`, randomUUID(), category, point.lng, point.lat, chain.l1, chain.l2, chain.l3, reporter],
      )
    ).id as string
    return { incident, gridId: chain.l3 as number }
  })
  const user = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { cookie: cookies.admin },
    payload: {
      name: '模糊测试对象',
      phone: '13912349876',
      password: 'Fuzz-Wangge-2026!',
      role: 'worker',
      gridIds: [ids.gridId],
      departmentId: null,
    },
  })
  const station = await app.inject({
    method: 'POST',
    url: '/api/stations',
    headers: { cookie: cookies.manager },
    payload: {
      name: '模糊测试站',
      gridId: ids.gridId,
      lng: point.lng,
      lat: point.lat,
      address: '模糊路 1 号',
      contactName: '张三',
      contactPhone: '13912345678',
      openingHours: '9:00-17:00',
    },
  })
  expect([user.statusCode, station.statusCode], `${user.body} ${station.body}`).toEqual([201, 201])
  fx = { ...ids, userId: user.json<{ id: number }>().id, stationId: station.json<{ id: number }>().id, point }
}, 120_000)
afterAll(async () => {
  await tally?.remove()
  if (mark) await removeFuzzLeftovers(counter, mark)
  await counter?.end()
  await app?.close()
})

describe('schema-driven fuzz of every route', () => {
  it('answers no 5xx and writes nothing when it refuses', { timeout: 600_000 }, async () => {
    const routes = routeCatalogue(app, HAND_PARSED)
    expect(routes.length).toBeGreaterThan(30)
    const failures: string[] = []
    const lines: string[] = []
    const started = Date.now()
    let total = 0
    for (const route of routes) {
      const role = await admittedRole(route)
      const sent: Sent = { sent: 0, byStatus: {}, failures }
      if (role) await fuzzRoute(route, role, sent)
      await fuzzRoute(route, undefined, sent)
      total += sent.sent
      const statuses = Object.entries(sent.byStatus)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')
      lines.push(
        `${String(sent.sent).padStart(5)}  ${route.method.padEnd(6)} ${route.path}  (as ${role ?? 'anonymous'} and anonymous; ${statuses})`,
      )
    }
    console.log(
      `fuzz: ${total} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED} (FUZZ_SEED=${SEED} replays)\n${lines.join('\n')}`,
    )
    expect(failures.slice(0, 30)).toEqual([])
  })
})

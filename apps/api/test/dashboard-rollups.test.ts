import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catchUpRollups, requestRollupRebuild } from '../src/plugins/app/dashboard/rollup-consumer.ts'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'

/**
 * The dashboard's roll-ups (migration 0030) against the direct computation: the statistics API counts the same
 * indicators straight from `incidents` (/api/stats/*), so for every ranking subject the two must agree — over the
 * seeded history, and over a random history in 2017 (apart from assessment.test.ts's 2019) that goes through the real workflow in rounds (rework,
 * extensions, returns, rejections), each round changing cases of days already rolled up.
 */

interface Figures {
  reported: number
  registered: number
  closed: number
  closedOnTime: number
  closureRate: number | null
  onTimeRate: number | null
  reworkRate: number | null
  extensionRate: number | null
  averageHandlingHours: number | null
}
interface StatsRow extends Figures {
  key: { id: number; code: string; name: string }
}
interface RankingRow {
  key: { id: number; code: string; name: string }
  figures: Figures
}

let manager: SignedInApp
let supervisor: SignedInApp
let handler: SignedInApp

/**
 * Other test files write cases the roll-ups never hear of (fixtures inserted in SQL, the fuzz's leftovers deleted),
 * as only a seed does in a real street; so the roll-ups are rebuilt once, as after a seed, before this file reads them.
 */
async function rebuildFirst(app: SignedInApp): Promise<void> {
  await requestRollupRebuild(app.app.kysely)
  await catchUpRollups(app.app.kysely)
}

beforeAll(async () => {
  manager = await signedInApp(DEMO.manager)
  supervisor = await signedInApp(DEMO.streetSupervisor)
  handler = await signedInApp(DEMO.handler)
  await rebuildFirst(manager)
})
afterAll(async () => {
  await manager.close()
  await supervisor.close()
  await handler.close()
})

const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
const statsRange = (from: string, to: string) =>
  `from=${encodeURIComponent(`${from}T00:00:00+08:00`)}&to=${encodeURIComponent(`${dayAfter(to)}T00:00:00+08:00`)}`

const STATS_PATH = {
  community: 'grids?level=1',
  area: 'grids?level=2',
  grid: 'grids?level=3',
  department: 'departments?',
  worker: 'workers?',
} as const

function expectSameFigures(actual: Figures, expected: Figures, what: string) {
  for (const k of ['reported', 'registered', 'closed', 'closedOnTime'] as const)
    expect(actual[k], `${what} ${k}`).toBe(expected[k])
  for (const k of ['closureRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'averageHandlingHours'] as const) {
    if (expected[k] === null) expect(actual[k], `${what} ${k}`).toBeNull()
    else expect(actual[k], `${what} ${k}`).toBeCloseTo(expected[k], 9)
  }
}

/** Every ranking from the roll-ups equals the statistics API's direct count over the same days. */
async function expectRollupsMatchDirect(app: SignedInApp, from: string, to: string): Promise<number> {
  let compared = 0
  for (const [by, path] of Object.entries(STATS_PATH)) {
    const direct = (await app.inject(`/api/stats/${path}&${statsRange(from, to)}`)).json<StatsRow[]>()
    const res = await app.inject(`/api/dashboard/rankings?by=${by}&from=${from}&to=${to}`)
    expect(res.statusCode).toBe(200)
    const rolled = res.json<{ rows: RankingRow[] }>().rows
    expect(rolled.map((r) => r.key.id).sort(), by).toEqual(direct.map((r) => r.key.id).sort())
    const byId = new Map(rolled.map((r) => [r.key.id, r]))
    for (const d of direct) expectSameFigures(byId.get(d.key.id)!.figures, d, `${by} ${d.key.code}`)
    compared += direct.length
  }
  return compared
}

describe('dashboard roll-ups', () => {
  it('equal the direct computation over the seeded history', async () => {
    await catchUpRollups(manager.app.kysely)
    const { first, last } = await withClient(async (c) => {
      const { rows } = await c.query<{ first: string; last: string }>(
        `select to_char(min(created_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as first,
                to_char(max(created_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as last from incidents`,
      )
      return rows[0]!
    })
    // At most a year a request: the seeded history is read as its last 366 days.
    const from = Date.parse(last) - Date.parse(first) >= 366 * 86_400_000 ? isoDaysBefore(last, 365) : first
    const compared = await expectRollupsMatchDirect(manager, from, last)
    expect(compared).toBeGreaterThan(100)
    const summary = (await manager.inject(`/api/dashboard/summary?from=${from}&to=${last}`)).json<{
      current: Figures
    }>()
    const street = (await manager.inject(`/api/stats/grids?level=1&${statsRange(from, last)}`)).json<StatsRow[]>()
    expect(summary.current.reported).toBe(street.reduce((n, r) => n + r.reported, 0))
    expect(summary.current.closed).toBe(street.reduce((n, r) => n + r.closed, 0))
  })

  it('stay equal to the direct computation while a random history is worked through the real workflow', async () => {
    const FROM = '2017-01-20'
    const TO = '2017-04-10'
    const cases = await insertRandomCases(90, FROM, TO, 20170120)
    await catchUpRollups(manager.app.kysely)
    await expectRollupsMatchDirect(manager, FROM, TO)

    const departmentId = await withClient(
      async (c) =>
        (await c.query<{ id: number }>(`select department_id as id from users where phone = $1`, [DEMO.handler]))
          .rows[0]!.id,
    )
    const random = prng(16)
    const seen = { rework: 0, extend: 0, return: 0, reject: 0, closed: 0 }
    for (let round = 0; round < 7; round++) {
      for (const c of cases) {
        const step = nextStep(c.status, random())
        if (!step) continue
        const as = step.by === 'handler' ? handler : supervisor
        const payload =
          step.action === 'dispatch'
            ? { departmentId }
            : step.action === 'extend'
              ? { dueAt: new Date(Date.parse(c.dueAt!) + 86_400_000).toISOString(), reason: '需协调相关单位' }
              : step.action === 'return' || step.action === 'reject'
                ? { reason: '非本单位职责' }
                : step.action === 'feedback'
                  ? { note: '已处理' }
                  : step.action === 'verify'
                    ? step.passed
                      ? { passed: true }
                      : { passed: false, note: '仍有垃圾' }
                    : {}
        const res = await as.inject({ method: 'POST', url: `/api/incidents/${c.id}/${step.action}`, payload })
        expect([200, 204], `${step.action} ${res.body}`).toContain(res.statusCode)
        if (res.statusCode === 200) {
          const detail = res.json<{ status: string; dueAt: string | null }>()
          c.status = detail.status
          c.dueAt = detail.dueAt
        } else c.status = 'registered' // a handler's return: the case left the handler's sight
        if (step.action === 'verify' && !step.passed) seen.rework++
        if (step.action === 'verify' && step.passed) seen.closed++
        if (step.action === 'extend' || step.action === 'return' || step.action === 'reject') seen[step.action]++
      }
      // Each round re-opens days that were already rolled up.
      await catchUpRollups(manager.app.kysely)
      await expectRollupsMatchDirect(manager, FROM, TO)
    }
    // The history really had every kind of step the roll-ups must follow.
    expect(seen.rework).toBeGreaterThan(0)
    expect(seen.extend).toBeGreaterThan(0)
    expect(seen.return).toBeGreaterThan(0)
    expect(seen.reject).toBeGreaterThan(0)
    expect(seen.closed).toBeGreaterThan(0)

    // The breakdowns and the trend add up to what the incidents say, day by day and per source and category.
    const direct = await withClient(async (c) => {
      const q = async (text: string) => (await c.query(text, [FROM, dayAfter(TO)])).rows
      const range = `created_at >= ($1::date::timestamp at time zone 'Asia/Shanghai') and created_at < ($2::date::timestamp at time zone 'Asia/Shanghai')`
      return {
        days: await q(
          `select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as start, count(*)::int as reported,
             (count(*) filter (where status = 'closed'))::int as closed from incidents where ${range} group by 1 order by 1`,
        ),
        sources: await q(
          `select source, count(*)::int as reported from incidents where ${range} group by 1 order by 1`,
        ),
        categories: await q(
          `select category_id as id, count(*)::int as reported from incidents where ${range} group by 1 order by 1`,
        ),
      }
    })
    const trend = (await manager.inject(`/api/dashboard/trend?from=${FROM}&to=${TO}`)).json<{
      bucket: string
      points: { start: string; reported: number; closed: number }[]
    }>()
    expect(trend.bucket).toBe('day')
    expect(trend.points.map((p) => ({ start: p.start, reported: p.reported, closed: p.closed }))).toEqual(direct.days)
    const breakdown = (await manager.inject(`/api/dashboard/breakdown?from=${FROM}&to=${TO}`)).json<{
      sources: { source: string; reported: number }[]
      categories: { id: number; reported: number }[]
    }>()
    expect(breakdown.sources.map((s) => ({ source: s.source, reported: s.reported }))).toEqual(direct.sources)
    expect(breakdown.categories.map((s) => ({ id: s.id, reported: s.reported })).sort((a, b) => a.id - b.id)).toEqual(
      direct.categories,
    )
  })

  it('recompute from scratch to the same rows the incremental passes kept', async () => {
    const snapshot = () =>
      withClient(async (c) => {
        const tables = [
          'dashboard_area_days',
          'dashboard_grid_days',
          'dashboard_category_days',
          'dashboard_assignee_days',
        ]
        const out: Record<string, unknown[]> = {}
        for (const t of tables)
          out[t] = (
            await c.query(
              `select to_jsonb(r) - 'handling_hours' as row, round(handling_hours::numeric, 6)::float8 as hours
               from ${t} r order by to_jsonb(r) - 'handling_hours'`,
            )
          ).rows
        return out
      })
    await catchUpRollups(manager.app.kysely)
    const incremental = await snapshot()
    await withClient((c) => c.query('update dashboard_rollup_cursor set rebuild = true'))
    await catchUpRollups(manager.app.kysely)
    expect(await snapshot()).toEqual(incremental)
  })
})

function isoDaysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
}

/** mulberry32: the same history every run. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Step = { action: string; by: 'supervisor' | 'handler'; passed?: boolean }

/** A random legal next step for a case dispatched to the demo handler's department. */
function nextStep(status: string, r: number): Step | null {
  switch (status) {
    case 'reported':
      return r < 0.85 ? { action: 'register', by: 'supervisor' } : { action: 'reject', by: 'supervisor' }
    case 'registered':
      return r < 0.9 ? { action: 'dispatch', by: 'supervisor' } : null
    case 'dispatched':
      return r < 0.6
        ? { action: 'accept', by: 'handler' }
        : r < 0.8
          ? { action: 'return', by: 'handler' }
          : { action: 'extend', by: 'supervisor' }
    case 'in_progress':
      return r < 0.75 ? { action: 'feedback', by: 'handler' } : { action: 'extend', by: 'supervisor' }
    case 'handled':
      return r < 0.65
        ? { action: 'verify', by: 'supervisor', passed: true }
        : { action: 'verify', by: 'supervisor', passed: false }
    default:
      return null
  }
}

/**
 * Reported cases on random days of [from, to] in random unit grids, from random sources, each with the
 * `incident.created` event the report path writes — the roll-ups learn of them from the log, like of any report.
 */
async function insertRandomCases(count: number, from: string, to: string, seed: number) {
  const random = prng(seed)
  return withClient(async (c) => {
    const grids = (
      await c.query<{ l1: number; l2: number; l3: number; p: string }>(
        `select g2.parent_id as l1, g2.id as l2, g3.id as l3, ST_PointOnSurface(g3.geom) as p
         from grids g3 join grids g2 on g2.id = g3.parent_id where g3.level = 3 order by g3.code`,
      )
    ).rows
    const categories = (await c.query<{ id: number }>(`select id from categories where parent_id is not null`)).rows
    const reporter = (await c.query<{ id: number }>(`select id from users where phone = $1`, [DEMO.worker])).rows[0]!.id
    const span = Date.parse(`${dayAfter(to)}T00:00:00+08:00`) - Date.parse(`${from}T00:00:00+08:00`)
    const cases: { id: string; status: string; dueAt: string | null }[] = []
    for (let n = 0; n < count; n++) {
      const g = grids[Math.floor(random() * grids.length)]!
      const createdAt = new Date(Date.parse(`${from}T00:00:00+08:00`) + Math.floor(random() * span))
      const source = ['worker', 'supervisor', 'hotline'][Math.floor(random() * 3)]
      const { rows } = await c.query<{ id: string }>(
        `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id,
           grid_l2_id, grid_l3_id, reporter_id, created_at, updated_at, source)
         values ($1, $2, $3, '仪表盘随机历史', 'reported', $4, $5, $6, $7, $8, $9, $9, $10) returning id::text`,
        [
          `D-${randomUUID()}`,
          randomUUID(),
          categories[Math.floor(random() * categories.length)]!.id,
          g.p,
          g.l1,
          g.l2,
          g.l3,
          reporter,
          createdAt,
          source,
        ],
      )
      const id = rows[0]!.id
      await c.query(
        `insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
         select 'incident.created', grid_l1_id, grid_l2_id, grid_l3_id,
           jsonb_build_object('id', id::text, 'caseNumber', case_number, 'status', status) from incidents where id = $1`,
        [id],
      )
      cases.push({ id, status: 'reported', dueAt: null })
    }
    return cases
  })
}

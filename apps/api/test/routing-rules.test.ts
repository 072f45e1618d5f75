import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RoutingPreview, RoutingRule, RuleReviewItem } from '@wangge/contract'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

// Grids and sub-categories no other test files reports under, so rules made here route nothing of theirs.
const UNIT = '370705002009001'
// The unit grid's area, as the seed codes it (its community's code + a two-digit sequence).
const AREA = '37070500200901'
const COMMUNITY = UNIT.slice(0, 12)
const OTHER_UNIT = '370705002008001'
const SUB = 'E0503'
const SIBLING = 'E0504'

let admin: SignedInApp
let worker: SignedInApp
let handler: SignedInApp
const ids = {
  grids: {} as Record<string, number>,
  categories: {} as Record<string, number>,
  departments: {} as Record<string, number>,
}
const made: number[] = []

async function rule(body: {
  category: string | null
  grid: string | null
  department?: string
  gridWorker?: boolean
  auto?: boolean
}): Promise<RoutingRule> {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/routing/rules',
    payload: {
      categoryId: body.category ? ids.categories[body.category]! : null,
      gridId: body.grid ? ids.grids[body.grid]! : null,
      target: body.gridWorker ? 'grid_worker' : 'department',
      departmentId: body.gridWorker ? null : ids.departments[body.department ?? 'enforcement']!,
      autoDispatch: body.auto ?? false,
      note: '',
    },
  })
  expect(res.statusCode, res.body).toBe(201)
  const created = res.json<RoutingRule>()
  made.push(created.id)
  return created
}

async function preview(category: string, unit: string): Promise<RoutingPreview> {
  const at = await pointInGrid(unit)
  const res = await admin.inject(`/api/routing/preview?categoryCode=${category}&lng=${at.lng}&lat=${at.lat}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<RoutingPreview>()
}

async function report(category: string, unit: string): Promise<string> {
  const at = await pointInGrid(unit)
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: category,
    description: '分拨规则测试',
    lng: String(at.lng),
    lat: String(at.lat),
  })
  const res = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string }>().id
}

/** The case's row once the follow-up after its commit has had its turn (it runs right after the reply). */
async function settled(id: string, until: (status: string) => boolean) {
  for (let i = 0; i < 50; i += 1) {
    const row = await withClient(async (c) => (await c.query(`select * from incidents where id = $1`, [id])).rows[0])
    if (until(row.status as string)) return row
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`case ${id} never settled`)
}

beforeAll(async () => {
  // One after another: three apps starting at once on a loaded machine can miss the pool's connect timeout.
  admin = await signedInApp(DEMO.admin)
  worker = await signedInApp(DEMO.worker)
  handler = await signedInApp(DEMO.handler)
  await withClient(async (c) => {
    // Rules other files left (the route fuzz saves some) would compete in this file's precedence checks.
    await c.query('delete from routing_rules')
    for (const r of (
      await c.query(`select id, code from grids where code = any($1)`, [[UNIT, AREA, COMMUNITY, OTHER_UNIT]])
    ).rows)
      ids.grids[r.code] = r.id
    for (const r of (await c.query(`select id, code from categories where code = any($1)`, [[SUB, SIBLING, 'E05']]))
      .rows)
      ids.categories[r.code] = r.id
    for (const r of (await c.query(`select id, code from departments`)).rows) ids.departments[r.code] = r.id
  })
})

afterAll(async () => {
  await withClient((c) => c.query(`delete from routing_rules where id = any($1)`, [made]))
  await Promise.all([admin.close(), worker.close(), handler.close()])
})

describe('routing rules', () => {
  it('picks the most specific rule: a deeper grid first, then the sub-category over its group over any', async () => {
    const street = await rule({ category: SUB, grid: null, department: 'grid-centre' })
    expect((await preview(SUB, UNIT)).rule?.id).toBe(street.id)

    const communityGroup = await rule({ category: 'E05', grid: COMMUNITY, department: 'livelihood' })
    expect((await preview(SUB, UNIT)).rule?.id).toBe(communityGroup.id)
    // The group's rule covers its other sub-categories; the street's sub-category rule does not reach them.
    expect((await preview(SIBLING, UNIT)).rule?.id).toBe(communityGroup.id)

    const communitySub = await rule({ category: SUB, grid: COMMUNITY, department: 'enforcement' })
    expect((await preview(SUB, UNIT)).rule?.id).toBe(communitySub.id)
    expect((await preview(SIBLING, UNIT)).rule?.id).toBe(communityGroup.id)

    // A rule for any category in the area beats the community's sub-category rule: the grid is deeper.
    const areaAny = await rule({ category: null, grid: AREA, gridWorker: true })
    const inArea = await preview(SUB, UNIT)
    expect(inArea.rule?.id).toBe(areaAny.id)
    expect(inArea.assignee?.kind).toBe('grid_worker')
    expect(inArea.grids.map((g) => g.code)).toEqual([COMMUNITY, AREA, UNIT])

    // Outside the community only the street's rule applies.
    expect((await preview(SUB, OTHER_UNIT)).rule?.id).toBe(street.id)
    expect((await preview(SIBLING, OTHER_UNIT)).rule).toBeNull()
  })

  it('refuses a second rule for the same category and grid, and references that do not exist', async () => {
    await rule({ category: SIBLING, grid: OTHER_UNIT })
    const again = await admin.inject({
      method: 'POST',
      url: '/api/routing/rules',
      payload: {
        categoryId: ids.categories[SIBLING],
        gridId: ids.grids[OTHER_UNIT],
        target: 'department',
        departmentId: ids.departments.enforcement,
        autoDispatch: false,
        note: '',
      },
    })
    expect(again.statusCode).toBe(409)
    const unknown = await admin.inject({
      method: 'POST',
      url: '/api/routing/rules',
      payload: {
        categoryId: 2_000_000_000,
        gridId: null,
        target: 'department',
        departmentId: ids.departments.enforcement,
        autoDispatch: false,
        note: '',
      },
    })
    expect(unknown.statusCode).toBe(400)
    expect((await worker.inject('/api/routing/rules')).statusCode).toBe(403)
    expect((await handler.inject({ method: 'DELETE', url: `/api/routing/rules/${made[0]}` })).statusCode).toBe(403)
  })

  it('registers and dispatches a matching report at once, with history rows naming the rule and a task notice', async () => {
    const auto = await rule({ category: SUB, grid: UNIT, department: 'enforcement', auto: true })
    const id = await report(SUB, UNIT)
    const row = await settled(id, (s) => s !== 'reported')
    expect(row.status).toBe('dispatched')
    expect(row.assignee_department_id).toBe(ids.departments.enforcement)
    expect(row.due_at).not.toBeNull()
    // The ladder is armed by the dispatch (migration 0036's trigger) for the next timer pass.
    expect(row.next_ladder_at).not.toBeNull()

    const detail = (await handler.inject(`/api/incidents/${id}`)).json<{
      history: { action: string; actor: { name: string }; data: { ruleId?: number } | null; note: string | null }[]
    }>()
    expect(detail.history.map((h) => h.action)).toEqual(
      ['report', 'register', 'dispatch'].slice(-detail.history.length),
    )
    const dispatch = detail.history.at(-1)!
    expect(dispatch.actor.name).toBe('系统')
    expect(dispatch.data?.ruleId).toBe(auto.id)
    // The note names the rule as people see it (its category and grid); the id is in `data`.
    expect(dispatch.note).toMatch(/^按分拨规则（.+ · .+）自动派遣$/)
    expect(dispatch.note).not.toMatch(/#\d/)

    // The department's handler hears of the new task in the notification centre.
    let notices: { kind: string; payload: { incidentId: string } }[] = []
    for (let i = 0; i < 30 && !notices.some((n) => n.payload.incidentId === id); i += 1) {
      await new Promise((r) => setTimeout(r, 100))
      notices = (await handler.inject('/api/notifications')).json<{ items: typeof notices }>().items
    }
    expect(notices.find((n) => n.payload.incidentId === id)?.kind).toBe('task.assigned')
  })

  it('leaves a report matching a rule without auto-dispatch for the supervisor', async () => {
    const id = await report(SIBLING, UNIT)
    await new Promise((r) => setTimeout(r, 500))
    expect((await settled(id, () => true)).status).toBe('reported')
  })

  it('counts a department\'s "not ours" return against the rule that routes such cases', async () => {
    const routed = made.at(-1)!
    const id = await report(SUB, UNIT)
    await settled(id, (s) => s === 'dispatched')
    const back = await handler.inject({
      method: 'POST',
      url: `/api/incidents/${id}/return`,
      payload: { reason: '非本单位职责，应由市场监管所处理' },
    })
    expect(back.statusCode, back.body).toBeLessThan(300)
    const review = (await admin.inject('/api/routing/review')).json<RuleReviewItem[]>()
    const item = review.find((r) => r.rule?.id === routed)
    expect(item?.returns).toBeGreaterThanOrEqual(1)
    expect(item?.recent[0]?.reason).toBe('非本单位职责，应由市场监管所处理')
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import type {
  AssessmentMonth,
  AssessmentRow,
  CoverageRuleReply,
  PatrolSummary,
  WorkerCoverageReply,
} from '@wangge/contract'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { patrolWorker, walkFrom } from './patrol-fixtures.ts'

/**
 * A hand-made month, March 2019 (long before any seeded or other test's data): one new worker in a new area's
 * unit grids, five reports, two cases handled by one department, two patrols (one crossing into April). Every figure
 * below is worked out by hand from these rows.
 */
const MONTH = '2019-03'
let walker: SignedInApp
let manager: SignedInApp
let supervisor: SignedInApp
let admin: SignedInApp
let workerId: number
let unitGrids: { id: number; code: string; lng: number; lat: number }[]
let community: { id: number; unitGrids: number }
let department: { id: number }
const incidentIds: string[] = []

async function fileIncident(row: {
  created: string
  status: string
  selfHandled?: boolean
  registered?: string
  dispatched?: string
  due?: string
  handled?: string
  closed?: string
  rework?: number
  extensions?: number
}): Promise<string> {
  const grid = unitGrids[0]!
  return withClient(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id,
         grid_l3_id, reporter_id, self_handled, assignee_department_id, registered_at, dispatched_at, due_at, handled_at,
         closed_at, rework_count, extension_count, created_at, updated_at, source)
       select $1, $2, (select id from categories where parent_id is not null order by id limit 1), '考核夹具', $3,
         ST_SetSRID(ST_MakePoint($4, $5), 4326), l2.parent_id, l3.parent_id, l3.id, $6, $7, $8, $9, $10, $11, $12, $13,
         $14, $15, $16, $16, 'worker'
       from grids l3 join grids l2 on l2.id = l3.parent_id where l3.id = $17
       returning id::text`,
      [
        `K-${randomUUID()}`,
        randomUUID(),
        row.status,
        grid.lng,
        grid.lat,
        workerId,
        row.selfHandled ?? false,
        row.dispatched ? department.id : null,
        row.registered ?? null,
        row.dispatched ?? null,
        row.due ?? null,
        row.handled ?? null,
        row.closed ?? null,
        row.rework ?? 0,
        row.extensions ?? 0,
        row.created,
        grid.id,
      ],
    )
    incidentIds.push(rows[0]!.id)
    return rows[0]!.id
  })
}

async function patrolAt(startIso: string, endIso: string, grid: { lng: number; lat: number }): Promise<void> {
  const start = await walker.inject({
    method: 'POST',
    url: '/api/patrols',
    payload: { clientId: randomUUID(), at: startIso },
  })
  expect(start.statusCode, start.body).toBe(201)
  const { id } = start.json<PatrolSummary>()
  // Two fixes a metre apart inside the grid: the patrol passes through that grid alone.
  const points = walkFrom(grid, Date.parse(startIso) + 60_000, 2, { dLat: 0.00001, everyMs: 60_000 })
  expect(
    (await walker.inject({ method: 'POST', url: `/api/patrols/${id}/points`, payload: { points } })).statusCode,
  ).toBe(200)
  expect(
    (await walker.inject({ method: 'POST', url: `/api/patrols/${id}/end`, payload: { at: endIso } })).statusCode,
  ).toBe(200)
}

let retentionDays: number
beforeAll(async () => {
  // The new worker's grids: the first area of the demo supervisor's community and every unit grid in it.
  const area = await withClient(
    async (c) =>
      (
        await c.query<{ code: string; community: number; community_units: number }>(
          `select a.code, c.id community,
             (select count(*)::int from grids g join grids p on p.id = g.parent_id where p.parent_id = c.id) community_units
           from grids c join grids a on a.parent_id = c.id where c.code = '370705002001' order by a.code desc limit 1`,
        )
      ).rows[0]!,
  )
  walker = await patrolWorker('13900000461', area.code, '考核网格员')
  manager = await signedInApp(DEMO.manager)
  supervisor = await signedInApp(DEMO.supervisor)
  admin = await signedInApp(DEMO.admin)
  await withClient(async (c) => {
    workerId = (await c.query<{ id: number }>(`select id from users where phone = '13900000461'`)).rows[0]!.id
    unitGrids = (
      await c.query<{ id: number; code: string; lng: number; lat: number }>(
        `select g.id, g.code, ST_X(ST_PointOnSurface(g.geom)) lng, ST_Y(ST_PointOnSurface(g.geom)) lat
         from grids g join grids a on a.id = g.parent_id where a.code = $1 order by g.code`,
        [area.code],
      )
    ).rows
    department = (await c.query<{ id: number }>(`select id from departments where code = 'enforcement'`)).rows[0]!
    // A rerun of this file on the same database starts from an empty March 2019.
    await c.query(`delete from assessment_months where month = $1`, [MONTH]).catch(() => undefined)
    // March 2019's patrols are years past the retention period: a sweep during this file (any app's timer) would
    // delete them. Kept for the file's length, restored after it.
    retentionDays = (await c.query<{ retention_days: number }>('select retention_days from patrol_settings')).rows[0]!
      .retention_days
    // The other limits as shipped: the route fuzz saves settings of its own (a 5 m accuracy limit drops the points).
    await c.query(`update patrol_settings set retention_days = 3650, max_accuracy_m = default, max_speed_mps = default,
      weekly_visits_per_grid = default`)
  })
  community = { id: area.community, unitGrids: area.community_units }
  // March 2019 in Shanghai (UTC+8).
  await fileIncident({
    created: '2019-03-05T01:00:00Z',
    status: 'closed',
    registered: '2019-03-05T01:30:00Z',
    dispatched: '2019-03-05T02:00:00Z',
    due: '2019-03-07T02:00:00Z',
    handled: '2019-03-06T02:00:00Z',
    closed: '2019-03-06T05:00:00Z',
  })
  await fileIncident({ created: '2019-03-10T01:00:00Z', status: 'rejected' })
  await fileIncident({ created: '2019-03-12T01:00:00Z', status: 'reported' })
  await fileIncident({
    created: '2019-03-15T01:00:00Z',
    status: 'closed',
    selfHandled: true,
    handled: '2019-03-15T01:00:00Z',
    closed: '2019-03-15T03:00:00Z',
  })
  await fileIncident({
    created: '2019-03-20T00:00:00Z',
    status: 'handled',
    registered: '2019-03-20T00:00:00Z',
    dispatched: '2019-03-20T00:00:00Z',
    due: '2019-03-21T00:00:00Z',
    handled: '2019-03-22T00:00:00Z',
    rework: 1,
    extensions: 1,
  })
  // One hour on 3 March in the first unit grid; 23:30 on 31 March to 00:30 on 1 April (Shanghai) in the second.
  await patrolAt('2019-03-03T01:00:00Z', '2019-03-03T02:00:00Z', unitGrids[0]!)
  await patrolAt('2019-03-31T15:30:00Z', '2019-03-31T16:30:00Z', unitGrids[1]!)
})

afterAll(async () => {
  for (const app of [walker, manager, supervisor, admin]) await app?.close()
  await withClient((c) => c.query('update patrol_settings set retention_days = $1', [retentionDays]))
})

const rowOf = (rows: AssessmentRow[], id: number) => rows.find((r) => r.id === id)!

describe('the monthly assessment of a hand-made month', () => {
  it('has each worker, department and community figure as worked out by hand, and scores them by the weights', async () => {
    const res = await manager.inject(`/api/assessment/${MONTH}`)
    expect(res.statusCode, res.body).toBe(200)
    const month = res.json<AssessmentMonth>()
    expect(month.closed).toBeNull()
    const n = unitGrids.length
    const worker = rowOf(month.sheets.worker, workerId)
    // 5 reports; valid = not reported and not rejected: 3; one self-handled; 1 h + 0.5 h on patrol; 2 of n grids.
    expect(worker.figures).toEqual({
      reports: 5,
      validRate: 0.6,
      coverage: Math.round((2 / n) * 10000) / 10000,
      patrolHours: 1.5,
      selfHandled: 1,
    })
    // Default weights (migration 0046): reports 25 @30, validRate 20 @0.9, coverage 30 @1, hours 15 @40, self 10 @5.
    const expectedScore =
      (25 * (5 / 30) + 20 * (0.6 / 0.9) + (30 * Math.round((2 / n) * 10000)) / 10000 + 15 * (1.5 / 40) + 10 * (1 / 5)) /
      100
    expect(worker.score).toBeCloseTo(Math.round(expectedScore * 1000) / 10, 5)

    // Department: cases 1 (on time, 24 h) and 5 (late, 48 h, reworked, extended).
    const enforcement = rowOf(month.sheets.department, department.id)
    expect(enforcement.figures).toEqual({ onTimeRate: 0.5, reworkRate: 0.5, extensionRate: 0.5, avgHandlingHours: 36 })
    // 40×1×(0.5/0.95)… : on-time 0.5 of 0.95; rework and extension at 10× their 0.05 target score target/value; 36 h vs 16 h.
    const departmentScore = (40 * (0.5 / 0.95) + 20 * (0.05 / 0.5) + 20 * (0.05 / 0.5) + 20 * (16 / 36)) / 100
    expect(enforcement.score).toBeCloseTo(Math.round(departmentScore * 1000) / 10, 5)
    const others = month.sheets.department.filter((d) => d.id !== department.id)
    expect(others.every((d) => d.figures.onTimeRate === null && d.score === 0)).toBe(true)
    expect(enforcement.rank).toBe(1)

    // Community: valid 3/5; handled with a due time 1 of 2 on time; closed 1 of 2 registered; 2 unit grids visited.
    const home = rowOf(month.sheets.community, community.id)
    expect(home.figures).toEqual({
      validRate: 0.6,
      onTimeRate: 0.5,
      closeRate: 0.5,
      coverage: Math.round((2 / community.unitGrids) * 10000) / 10000,
    })
  })

  it('shows per-week coverage and the grids that miss the weekly rule, with their worker', async () => {
    const week = await supervisor.inject('/api/coverage/workers?week=2019-03-06')
    expect(week.statusCode, week.body).toBe(200)
    const mine = week.json<WorkerCoverageReply>().items.find((w) => w.workerId === workerId)!
    expect(week.json<WorkerCoverageReply>().week).toBe('2019-03-04')
    // The week of Monday 4 March: the patrol of 3 March (a Sunday) is the week before.
    expect(mine).toMatchObject({ unitGrids: unitGrids.length, visitedGrids: 0, share: 0 })
    const before = (await supervisor.inject('/api/coverage/workers?week=2019-03-03')).json<WorkerCoverageReply>()
    expect(before.items.find((w) => w.workerId === workerId)).toMatchObject({ visitedGrids: 1 })

    const rule = (await supervisor.inject('/api/coverage/rule?week=2019-03-03')).json<CoverageRuleReply>()
    expect(rule.weeklyVisitsPerGrid).toBe(2)
    const first = rule.missing.find((g) => g.id === unitGrids[0]!.id)!
    expect(first.visits).toBe(1)
    expect(first.workers).toContainEqual({ id: workerId, name: '考核网格员' })
    expect(rule.missing.filter((g) => unitGrids.some((u) => u.id === g.id))).toHaveLength(unitGrids.length)
  })

  it('freezes a closed month: a case corrected afterwards shows as an adjustment, the sheet stays', async () => {
    expect((await supervisor.inject({ method: 'POST', url: `/api/assessment/${MONTH}/close` })).statusCode).toBe(403)
    const closed = await manager.inject({ method: 'POST', url: `/api/assessment/${MONTH}/close` })
    expect(closed.statusCode, closed.body).toBe(200)
    const frozen = closed.json<AssessmentMonth>()
    expect(frozen.closed?.byName).toBe('刘主任')
    const before = rowOf(frozen.sheets.worker, workerId)

    // The report still waiting in March is registered later: the worker's valid reports rise from 3 to 4.
    await withClient((c) =>
      c.query(`update incidents set status = 'registered', registered_at = now() where id = $1`, [incidentIds[2]]),
    )
    const after = (await manager.inject(`/api/assessment/${MONTH}`)).json<AssessmentMonth>()
    expect(rowOf(after.sheets.worker, workerId)).toEqual(before)
    expect(after.adjustments).toContainEqual({
      sheet: 'worker',
      id: workerId,
      name: '考核网格员',
      indicator: 'validRate',
      closed: 0.6,
      now: 0.8,
    })
    // Closing again changes nothing and is audited once.
    await manager.inject({ method: 'POST', url: `/api/assessment/${MONTH}/close` })
    const audits = await withClient(
      async (c) =>
        (await c.query(`select 1 from audit_log where action = 'assessment.close' and entity_id = $1`, [MONTH]))
          .rowCount,
    )
    expect(audits).toBe(1)
    await expect(
      withClient((c) => c.query(`update assessment_months set sheets = '{}' where month = $1`, [MONTH])),
    ).rejects.toThrow(/frozen/)
  })

  it('refuses to close a month that has not ended', async () => {
    const res = await manager.inject({ method: 'POST', url: '/api/assessment/2199-01/close' })
    expect(res.statusCode).toBe(409)
  })

  it('exports the sheets as XLSX in Chinese, with the adjustments of a closed month', async () => {
    const res = await manager.inject(`/api/assessment/${MONTH}/export`)
    expect(res.statusCode).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets.map((s) => s.name)).toEqual(['网格员考核', '责任单位考核', '社区综合考核', '封存后调整'])
    const sheet = book.getWorksheet('网格员考核')!
    expect(sheet.getRow(1).values).toContain('有效上报率(%)')
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === '考核网格员')!
    expect(row.getCell(3).value).toBe(5)
    expect(row.getCell(4).value).toBe(60)
  })

  it('lets admins set weights, audited, and refuses an unknown indicator', async () => {
    const bad = await admin.inject({
      method: 'PUT',
      url: '/api/assessment/weights',
      payload: [{ sheet: 'worker', indicator: 'bogus', weight: 1, target: 1 }],
    })
    expect(bad.statusCode).toBe(400)
    const ok = await admin.inject({
      method: 'PUT',
      url: '/api/assessment/weights',
      payload: [{ sheet: 'worker', indicator: 'reports', weight: 25, target: 30 }],
    })
    expect(ok.statusCode, ok.body).toBe(200)
    expect((await manager.inject({ method: 'PUT', url: '/api/assessment/weights', payload: [] })).statusCode).toBe(403)
  })
})

import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catchUpRollups, requestRollupRebuild } from '../src/plugins/app/dashboard/rollup-consumer.ts'
import { periodParts, previousPeriod } from '../src/plugins/app/dashboard/dashboard-period.ts'
import { DEMO, signedInApp, withClient, type SignedInApp } from './helper.ts'

/**
 * The dashboard's reads as a client meets them: a community supervisor's figures hold nothing outside its
 * community, bad periods are refused with 400 and no 500, and a ranking's XLSX reads back as the table it exports.
 */
let manager: SignedInApp
let supervisor: SignedInApp
let worker: SignedInApp
let period: { from: string; to: string }

interface Ranking {
  rows: { key: { id: number; code: string; name: string }; figures: { reported: number; closed: number } }[]
}

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
  supervisor = await signedInApp(DEMO.supervisor)
  worker = await signedInApp(DEMO.worker)
  await rebuildFirst(manager)
  period = await withClient(async (c) => {
    const { rows } = await c.query<{ from: string; to: string }>(
      `select to_char(max(created_at at time zone 'Asia/Shanghai') - interval '89 days', 'YYYY-MM-DD') as from,
              to_char(max(created_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as to from incidents`,
    )
    return rows[0]!
  })
})
afterAll(async () => {
  await manager.close()
  await supervisor.close()
  await worker.close()
})

const q = (p: { from: string; to: string }) => `from=${p.from}&to=${p.to}`

describe('the dashboard for a community supervisor', () => {
  it('holds only its own community, its areas, unit grids and cases', async () => {
    const { communityId, areaIds, cellIds, reported, open } = await withClient(async (c) => {
      const community = (
        await c.query<{ id: number }>(
          `select g.id from grids g join user_grids ug on ug.grid_id = g.id join users u on u.id = ug.user_id where u.phone = $1`,
          [DEMO.supervisor],
        )
      ).rows[0]!.id
      const areas = (await c.query<{ id: number }>(`select id from grids where parent_id = $1`, [community])).rows
      const cells = (
        await c.query<{ id: number }>(
          `select g3.id from grids g3 join grids g2 on g2.id = g3.parent_id where g2.parent_id = $1`,
          [community],
        )
      ).rows
      const counts = (
        await c.query<{ reported: number; open: number }>(
          `select (count(*) filter (where created_at >= ($2::date::timestamp at time zone 'Asia/Shanghai')
                     and created_at < (($3::date + 1)::timestamp at time zone 'Asia/Shanghai')))::int as reported,
                  (count(*) filter (where status in ('reported','registered','dispatched','in_progress','handled')))::int as open
           from incidents where grid_l1_id = $1`,
          [community, period.from, period.to],
        )
      ).rows[0]!
      return {
        communityId: community,
        areaIds: areas.map((a) => a.id),
        cellIds: new Set(cells.map((g) => g.id)),
        ...counts,
      }
    })
    expect(reported).toBeGreaterThan(0)
    const summary = (await supervisor.inject(`/api/dashboard/summary?${q(period)}`)).json()
    expect(summary.current.reported).toBe(reported)
    expect(summary.openNow).toBe(open)
    const street = (await manager.inject(`/api/dashboard/summary?${q(period)}`)).json()
    expect(street.current.reported).toBeGreaterThan(reported)

    const communities = (await supervisor.inject(`/api/dashboard/rankings?by=community&${q(period)}`)).json<Ranking>()
    expect(communities.rows.map((r) => r.key.id)).toEqual([communityId])
    const areas = (await supervisor.inject(`/api/dashboard/rankings?by=area&${q(period)}`)).json<Ranking>()
    expect(areas.rows.every((r) => areaIds.includes(r.key.id))).toBe(true)
    const heat = (await supervisor.inject(`/api/dashboard/heat?${q(period)}`)).json<{ cells: { gridId: number }[] }>()
    expect(heat.cells.length).toBeGreaterThan(0)
    expect(heat.cells.every((cell) => cellIds.has(cell.gridId))).toBe(true)
    for (const by of ['department', 'worker'] as const) {
      const mine = (await supervisor.inject(`/api/dashboard/rankings?by=${by}&${q(period)}`)).json<Ranking>()
      const all = (await manager.inject(`/api/dashboard/rankings?by=${by}&${q(period)}`)).json<Ranking>()
      const total = (r: Ranking) => r.rows.reduce((n, row) => n + row.figures.reported, 0)
      expect(total(mine)).toBeLessThan(total(all))
    }
    const breakdown = (await supervisor.inject(`/api/dashboard/breakdown?${q(period)}`)).json<{
      sources: { reported: number }[]
    }>()
    expect(breakdown.sources.reduce((n, s) => n + s.reported, 0)).toBe(reported)
    const trend = (await supervisor.inject(`/api/dashboard/trend?${q(period)}`)).json<{
      points: { reported: number }[]
    }>()
    expect(trend.points.reduce((n, p) => n + p.reported, 0)).toBe(reported)
  })

  it('shows the stations of its scope only', async () => {
    const mine = (await supervisor.inject(`/api/dashboard/stations?${q(period)}`)).json()
    const all = (await manager.inject(`/api/dashboard/stations?${q(period)}`)).json()
    expect(mine.series.at(-1).stations).toBeGreaterThan(0)
    expect(mine.series.at(-1).stations).toBeLessThan(all.series.at(-1).stations)
    expect(all.failures.map((f: { item: string }) => f.item)).toEqual([
      'funding',
      'venue',
      'rules',
      'staffing',
      'signage',
      'commitment',
    ])
  })
})

describe('dashboard periods', () => {
  it.each([
    ['not a date', 'from=2026-02-30&to=2026-03-01'],
    ['to before from', 'from=2026-03-02&to=2026-03-01'],
    ['more than 366 days', 'from=2025-01-01&to=2026-01-02'],
    ['a time, not a day', 'from=2026-01-01T00:00:00Z&to=2026-01-02'],
    ['missing', 'from=2026-01-01'],
    ['NUL', 'from=2026-01-0%00&to=2026-01-02'],
  ])('refuses %s with 400', async (_what, query) => {
    for (const path of ['summary', 'trend', 'breakdown', 'heat', 'stations', 'rankings?by=area&x=1']) {
      const [route, extra] = path.split('?')
      const res = await manager.inject(`/api/dashboard/${route}?${query}${extra ? `&${extra}` : ''}`)
      expect(res.statusCode, `${path} ${res.body}`).toBe(400)
    }
  })

  it('refuses workers and strangers', async () => {
    expect((await worker.inject(`/api/dashboard/summary?${q(period)}`)).statusCode).toBe(403)
    expect((await manager.app.inject(`/api/dashboard/summary?${q(period)}`)).statusCode).toBe(401)
  })

  it('splits a period into whole months and the days around them, and finds the one before', () => {
    expect(periodParts({ from: '2026-01-15', to: '2026-04-10' })).toEqual({
      months: ['2026-02-01', '2026-03-01'],
      dayRanges: [
        ['2026-01-15', '2026-01-31'],
        ['2026-04-01', '2026-04-10'],
      ],
    })
    expect(periodParts({ from: '2026-01-01', to: '2026-12-31' }).dayRanges).toEqual([])
    expect(periodParts({ from: '2026-02-03', to: '2026-02-20' })).toEqual({
      months: [],
      dayRanges: [['2026-02-03', '2026-02-20']],
    })
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-01-29', to: '2026-02-28' })
  })

  it('compares with the period just before', async () => {
    const summary = (await manager.inject(`/api/dashboard/summary?${q(period)}`)).json()
    const before = (
      await manager.inject(`/api/dashboard/summary?${q(summary.previousPeriod as { from: string; to: string })}`)
    ).json()
    expect(summary.previous).toEqual(before.current)
  })
})

describe('ranking export', () => {
  it('reads back as the table in the order asked for', async () => {
    const ranking = (await manager.inject(`/api/dashboard/rankings?by=area&${q(period)}`)).json<Ranking>()
    const res = await manager.inject(`/api/dashboard/rankings/export?by=area&sort=reported&order=desc&${q(period)}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(2).getCell(3).value).toBe('片区')
    const rows: { code: string; reported: number }[] = []
    sheet.eachRow((row, n) => {
      if (n > 2) rows.push({ code: String(row.getCell(2).value), reported: Number(row.getCell(4).value) })
    })
    const expected = [...ranking.rows]
      .sort((a, b) => b.figures.reported - a.figures.reported || a.key.code.localeCompare(b.key.code))
      .map((r) => ({ code: r.key.code, reported: r.figures.reported }))
    expect(rows).toEqual(expected)
    const audit = await withClient(
      async (c) =>
        (await c.query(`select count(*)::int as n from audit_log where action = 'dashboard.export'`)).rows[0],
    )
    expect(audit.n).toBeGreaterThan(0)
  })
})

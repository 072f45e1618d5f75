import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient } from './helper.ts'
import { newAudit, newStation } from './stations-fixtures.ts'

const manager = await signedInApp(DEMO.manager)
const supervisor = await signedInApp(DEMO.supervisor)
const worker = await signedInApp(DEMO.worker)
const handler = await signedInApp(DEMO.handler)
afterAll(async () => {
  for (const app of [manager, supervisor, worker, handler]) await app.close()
})

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()
const COMMUNITY = '370705002008'

interface Station {
  id: number
  name: string
  contactPhone: string
  compliance: { status: string; score: number | null; due: boolean; compliant: boolean }
  openRectifications: number
}
interface RollUpRow {
  grid: { code: string }
  stations: number
  compliant: number
  share: number | null
  itemFailures: Record<string, number>
  overdueAudits: number
}

const ids = { work: 0, a1: 0, a1b: 0, a2: 0, a2b: 0 }
let communityId: number

/**
 * Community 008 (向阳社区) gets a hand-made set of stations in place of the seeded ones (deactivated here, so the
 * roll-ups, which count active stations, see only these):
 *   work   community work station  failed in spring, passed 20 days ago            compliant
 *   a1     area 01                 failed signage (5) and rules (3) 10 days ago    failing, score 92
 *   a1b    area 01                 passed 120 days ago                             compliant, due
 *   a2     area 02                 never audited                                   unaudited, due
 *   a2b    area 02                 passed a year ago, failed staffing 150 days ago failing, due
 */
beforeAll(async () => {
  communityId = await withClient(async (c) => {
    await c.query(
      `update stations s set active = false from grids g left join grids p on p.id = g.parent_id
                   where s.grid_id = g.id and $1 in (g.code, p.code)`,
      [COMMUNITY],
    )
    return (await c.query<{ id: number }>('select id from grids where code = $1', [COMMUNITY])).rows[0]!.id
  })
  ids.work = await newStation(COMMUNITY, '向阳社区工作站（测试）')
  ids.a1 = await newStation(`${COMMUNITY}01`, '第一片区服务站（测试）')
  ids.a1b = await newStation(`${COMMUNITY}01`, '第一片区第二服务站（测试）')
  ids.a2 = await newStation(`${COMMUNITY}02`, '第二片区服务站（测试）')
  ids.a2b = await newStation(`${COMMUNITY}02`, '第二片区第二服务站（测试）')
  await newAudit(ids.work, daysAgo(200), { funding: 10 })
  await newAudit(ids.work, daysAgo(20))
  await newAudit(ids.a1, daysAgo(100))
  await newAudit(ids.a1, daysAgo(10), { signage: 5, rules: 3 })
  await newAudit(ids.a1b, daysAgo(120))
  await newAudit(ids.a2b, daysAgo(360))
  await newAudit(ids.a2b, daysAgo(150), { staffing: 12 })
})

const list = async (app: typeof manager, query: string) => {
  const res = await app.inject(`/api/stations?limit=500&${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<{ items: Station[] }>().items
}
const named = (stations: Station[]) =>
  stations.map((s) => Object.entries(ids).find(([, id]) => id === s.id)?.[0] ?? `other ${s.id}`).sort()

describe('compliance of hand-made audit histories', () => {
  it('follows the latest audit, scores it, and is due after a quarter or without any audit', async () => {
    const byId = new Map((await list(manager, `grid=${communityId}&active=true`)).map((s) => [s.id, s.compliance]))
    expect(byId.get(ids.work)).toMatchObject({ status: 'compliant', compliant: true, score: 100, due: false })
    expect(byId.get(ids.a1)).toMatchObject({ status: 'failing', compliant: false, score: 92, due: false })
    expect(byId.get(ids.a1b)).toMatchObject({ status: 'compliant', compliant: true, score: 100, due: true })
    expect(byId.get(ids.a2)).toMatchObject({ status: 'unaudited', compliant: false, score: null, due: true })
    expect(byId.get(ids.a2b)).toMatchObject({ status: 'failing', compliant: false, score: 88, due: true })
  })

  it('filters by compliance, due, type and grid subtree', async () => {
    const scope = `grid=${communityId}&active=true`
    expect(named(await list(manager, `${scope}&compliance=failing`))).toEqual(['a1', 'a2b'])
    expect(named(await list(manager, `${scope}&compliance=compliant`))).toEqual(['a1b', 'work'])
    expect(named(await list(manager, `${scope}&compliance=unaudited`))).toEqual(['a2'])
    expect(named(await list(manager, `${scope}&due=true`))).toEqual(['a1b', 'a2', 'a2b'])
    expect(named(await list(manager, `${scope}&due=false`))).toEqual(['a1', 'work'])
    expect(named(await list(manager, `${scope}&type=community_work_station`))).toEqual(['work'])
    const area1 = await withClient(
      async (c) =>
        (await c.query<{ id: number }>('select id from grids where code = $1', [`${COMMUNITY}01`])).rows[0]!.id,
    )
    expect(named(await list(manager, `grid=${area1}&active=true`))).toEqual(['a1', 'a1b'])
  })

  it('pages through every station with a keyset cursor, none twice', async () => {
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: Station[]; nextCursor: string | null } = (
        await manager.inject(`/api/stations?limit=20${cursor ? `&cursor=${cursor}` : ''}`)
      ).json()
      seen.push(...page.items.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    const all = await withClient(async (c) =>
      (await c.query<{ id: number }>('select id from stations order by id')).rows.map((r) => r.id),
    )
    expect(seen).toEqual(all)
  })

  it('filters "due" in SQL exactly as the package computes it, over every station', async () => {
    const all = await list(manager, '')
    const due = new Set((await list(manager, 'due=true')).map((s) => s.id))
    expect(all.length).toBeGreaterThan(70)
    expect(
      all
        .filter((s) => s.compliance.due)
        .map((s) => s.id)
        .sort(),
    ).toEqual([...due].sort())
  })
})

describe('GET /api/stations/compliance', () => {
  const report = async (level: 1 | 2) => {
    const res = await manager.inject(`/api/stations/compliance?level=${level}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json<{ level: number; items: RollUpRow[] }>().items
  }

  it('rolls up the community by hand-computed values', async () => {
    const rows = await report(1)
    expect(rows).toHaveLength(9)
    expect(rows.find((r) => r.grid.code === COMMUNITY)).toEqual({
      grid: expect.objectContaining({ code: COMMUNITY, name: '向阳社区' }),
      stations: 5,
      compliant: 2,
      share: 0.4,
      overdueAudits: 3,
      itemFailures: { funding: 0, venue: 0, rules: 1, staffing: 1, signage: 1, commitment: 0 },
    })
  })

  it('rolls up the areas by hand-computed values, areas without stations included', async () => {
    const rows = (await report(2)).filter((r) => r.grid.code.startsWith(COMMUNITY))
    expect(rows.map((r) => r.grid.code)).toEqual(
      ['01', '02', '03', '04', '05', '06', '07'].map((n) => `${COMMUNITY}${n}`),
    )
    expect(rows[0]).toMatchObject({
      stations: 2,
      compliant: 1,
      share: 0.5,
      overdueAudits: 1,
      itemFailures: { signage: 1, rules: 1, staffing: 0 },
    })
    expect(rows[1]).toMatchObject({
      stations: 2,
      compliant: 0,
      share: 0,
      overdueAudits: 2,
      itemFailures: { signage: 0, rules: 0, staffing: 1 },
    })
    expect(rows.slice(2).every((r) => r.stations === 0 && r.share === null)).toBe(true)
  })

  it('counts each seeded station once per level: communities and areas add up to the street', async () => {
    const active = await withClient(
      async (c) =>
        (
          await c.query<{ n: number; l2: number }>(
            `select count(*)::int n, count(*) filter (where g.level = 2)::int l2 from stations s join grids g on g.id = s.grid_id where s.active`,
          )
        ).rows[0]!,
    )
    expect((await report(1)).reduce((n, r) => n + r.stations, 0)).toBe(active.n)
    expect((await report(2)).reduce((n, r) => n + r.stations, 0)).toBe(active.l2)
  })
})

describe('who sees which stations', () => {
  it('shows a manager every station', async () => {
    const count = await withClient(
      async (c) => (await c.query<{ n: number }>('select count(*)::int n from stations')).rows[0]!.n,
    )
    expect((await list(manager, '')).length).toBe(count)
  })

  it('shows a community supervisor only the stations of their community, and hides the others (404)', async () => {
    const expected = await withClient(async (c) =>
      (
        await c.query<{ id: number }>(
          `select s.id from stations s join grids g on g.id = s.grid_id left join grids p on p.id = g.parent_id
       where '370705002001' in (g.code, p.code) order by s.id`,
        )
      ).rows.map((r) => r.id),
    )
    const seen = await list(supervisor, '')
    expect(seen.map((s) => s.id)).toEqual(expected)
    expect(expected.length).toBeGreaterThan(1)
    expect((await supervisor.inject(`/api/stations/${ids.work}`)).statusCode).toBe(404)
    expect(
      (await supervisor.inject('/api/stations/compliance?level=1'))
        .json<{ items: RollUpRow[] }>()
        .items.map((r) => r.grid.code),
    ).toEqual(['370705002001'])
  })

  it('refuses workers and handlers with 403', async () => {
    for (const app of [worker, handler]) {
      expect((await app.inject('/api/stations')).statusCode).toBe(403)
      expect((await app.inject('/api/stations/compliance')).statusCode).toBe(403)
      expect((await app.inject(`/api/stations/${ids.work}`)).statusCode).toBe(403)
    }
  })

  it('masks contact phones in lists; the manager sees them whole on the station page, a supervisor masked', async () => {
    const [first] = await list(manager, `grid=${communityId}&active=true&type=community_work_station`)
    expect(first!.contactPhone).toBe('139****5678')
    expect((await manager.inject(`/api/stations/${ids.work}`)).json<Station>().contactPhone).toBe('13912345678')
    const own = (await list(supervisor, ''))[0]!
    expect((await supervisor.inject(`/api/stations/${own.id}`)).json<Station>().contactPhone).toMatch(
      /^1\d{2}\*{4}\d{4}$/,
    )
  })
})

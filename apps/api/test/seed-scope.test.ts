import { afterAll, describe, expect, it } from 'vitest'
import { DEMO, signedInApp, withClient } from './helper.ts'

// The demo accounts are how people first judge the scope rules: the community supervisor (李监督, community
// 370705002001) must see exactly its community in the seeded street — no case another community's worker
// reported, no worker, no indicator from elsewhere (seed-incidents.ts, seed/src/grid-staff.ts).
const COMMUNITY = '370705002001'
const supervisor = await signedInApp(DEMO.supervisor)
afterAll(() => supervisor.close())

// Cases a supervisor reported or holds are theirs wherever they lie (incident-visibility.ts), and other test files
// file some as this supervisor elsewhere in the street. This file checks the seeded street, so those are handed to
// the street-wide supervisor first.
await withClient(async (c) => {
  const ids = async (phone: string) =>
    (await c.query<{ id: number }>('select id from users where phone = $1', [phone])).rows[0]!.id
  const [mine, streetWide] = [await ids(DEMO.supervisor), await ids(DEMO.streetSupervisor)]
  await c.query(
    `update incidents i set
       reporter_id = case when i.reporter_id = $1 then $2 else i.reporter_id end,
       assignee_user_id = case when i.assignee_user_id = $1 then $2 else i.assignee_user_id end
     from grids g where g.id = i.grid_l1_id and g.code <> $3 and (i.reporter_id = $1 or i.assignee_user_id = $1)`,
    [mine, streetWide, COMMUNITY],
  )
})

const inCommunity = (code: string) => code.startsWith(COMMUNITY)
const gridCodes = await withClient(
  async (c) =>
    new Map(
      (await c.query<{ id: number; code: string }>('select id, code from grids')).rows.map((g) => [g.id, g.code]),
    ),
)

describe('the community supervisor in the seeded street', () => {
  it('lists only its community’s cases, on every page', async () => {
    const seen: { grid: { code: string } }[] = []
    let cursor: string | null = null
    do {
      const res = await supervisor.inject({
        url: '/api/incidents',
        query: { limit: '200', ...(cursor ? { cursor } : {}) },
      })
      expect(res.statusCode, res.body).toBe(200)
      const page = res.json<{ items: { grid: { code: string } }[]; nextCursor: string | null }>()
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    const expected = await withClient(
      async (c) =>
        (
          await c.query<{ n: number }>(
            'select count(*)::int n from incidents i join grids g on g.id = i.grid_l1_id where g.code = $1',
            [COMMUNITY],
          )
        ).rows[0]!.n,
    )
    expect(seen.filter((i) => !inCommunity(i.grid.code)).map((i) => i.grid.code)).toEqual([])
    expect(seen.length).toBe(expected)
    expect(expected).toBeGreaterThan(100)
  })

  it('maps only its community’s cases', async () => {
    const res = await supervisor.inject({ url: '/api/incidents/geojson', query: { limit: '5000' } })
    expect(res.statusCode).toBe(200)
    const features = res.json<{ features: { properties: { gridL1: number; gridL3: number } }[] }>().features
    expect(features.length).toBeGreaterThan(100)
    expect(
      features.filter(
        (f) => gridCodes.get(f.properties.gridL1) !== COMMUNITY || !inCommunity(gridCodes.get(f.properties.gridL3)!),
      ),
    ).toEqual([])
  })

  it('sees only its community’s workers on the map', async () => {
    // One on-duty seeded worker in each community, standing in their own unit grid.
    const placed = await withClient(
      async (c) =>
        (
          await c.query<{ user_id: number; code: string }>(`
      insert into worker_positions (user_id, location, accuracy_m, grid_l1_id, grid_l2_id, grid_l3_id, on_duty, at)
      select distinct on (g1.id) u.id, ST_PointOnSurface(g3.geom), 5, g1.id, g2.id, g3.id, true, now()
      from users u join user_grids ug on ug.user_id = u.id join grids g3 on g3.id = ug.grid_id and g3.level = 3
        join grids g2 on g2.id = g3.parent_id join grids g1 on g1.id = g2.parent_id
      where u.role = 'worker' and u.active
      order by g1.id, u.id
      on conflict (user_id) do update set location = excluded.location, grid_l1_id = excluded.grid_l1_id, grid_l2_id = excluded.grid_l2_id,
        grid_l3_id = excluded.grid_l3_id, on_duty = true, at = now()
      returning user_id, (select code from grids where id = grid_l3_id) code`)
        ).rows,
    )
    try {
      expect(placed).toHaveLength(9)
      const res = await supervisor.inject({ url: '/api/workers/positions', query: { limit: '2000' } })
      expect(res.statusCode, res.body).toBe(200)
      const shown = res.json<{ items: { userId: number; grids: number[] }[] }>().items
      expect(shown.map((p) => p.userId)).toEqual(
        expect.arrayContaining(placed.filter((p) => inCommunity(p.code)).map((p) => p.user_id)),
      )
      expect(shown.filter((p) => !p.grids.every((id) => inCommunity(gridCodes.get(id)!)))).toEqual([])
    } finally {
      await withClient((c) =>
        c.query('delete from worker_positions where user_id = any($1)', [placed.map((p) => p.user_id)]),
      )
    }
  })

  it('reads indicators of its community only, per grid, department and worker', async () => {
    const range = {
      from: new Date(Date.now() - 200 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    }
    type Row = { key: { id: number; code: string }; reported: number }
    const stats = async (path: string, extra: Record<string, string> = {}) => {
      const res = await supervisor.inject({ url: path, query: { ...range, ...extra } })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<Row[]>()
    }
    const communityCases = await withClient(
      async (c) =>
        (
          await c.query<{ all: number; departments: number; workers: number }>(
            `
      select count(*)::int "all", count(i.assignee_department_id)::int departments,
        count(*) filter (where w.role = 'worker')::int workers
      from incidents i join grids g on g.id = i.grid_l1_id left join users w on w.id = i.assignee_user_id
      where g.code = $1 and i.created_at >= $2 and i.created_at < $3`,
            [COMMUNITY, range.from, range.to],
          )
        ).rows[0]!,
    )

    expect((await stats('/api/stats/grids', { level: '1' })).map((r) => [r.key.code, r.reported])).toEqual([
      [COMMUNITY, communityCases.all],
    ])
    for (const level of ['2', '3']) {
      const rows = await stats('/api/stats/grids', { level })
      expect(rows.filter((r) => !inCommunity(r.key.code))).toEqual([])
      expect(rows.reduce((n, r) => n + r.reported, 0)).toBe(communityCases.all)
    }
    const departments = await stats('/api/stats/departments')
    expect(departments.reduce((n, r) => n + r.reported, 0)).toBe(communityCases.departments)
    const workers = await stats('/api/stats/workers')
    expect(workers.length).toBeGreaterThan(0)
    expect(workers.reduce((n, r) => n + r.reported, 0)).toBe(communityCases.workers)
    const workerGrids = await withClient(
      async (c) =>
        (
          await c.query<{ id: number; code: string }>(
            'select ug.user_id id, g.code from user_grids ug join grids g on g.id = ug.grid_id where ug.user_id = any($1)',
            [workers.map((w) => w.key.id)],
          )
        ).rows,
    )
    expect(workerGrids.filter((w) => !inCommunity(w.code))).toEqual([])
  })
})

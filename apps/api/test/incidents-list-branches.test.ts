import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestApp, DEMO, signIn, withClient } from './helper.ts'

// A supervisor's or worker's case list is taken branch by branch — their grids, what they reported, what they are
// assigned — and the branches' pages merged (incidentRowVisibilityBranches). The merged pages must be exactly the
// pages of the one OR rule: every case once, none outside it, in order, both ways, with a filter on top. The cases
// are written in SQL with a created time no seeded case has, so `from` picks out this file's cases alone.

let app: FastifyInstance
let supervisor: string
const tag = randomUUID().slice(0, 8)
const FROM = '2098-01-01T00:00:00+08:00'
let supervisorId: number

/** The truth, as the rule reads in words, for this file's cases: in the supervisor's community, or theirs. */
const truth = (opts: { below?: string; above?: string; oldest?: boolean; category?: string }) =>
  withClient(async (c) =>
    (
      await c.query<{ id: string }>(
        `select i.id::text from incidents i join categories c on c.id = i.category_id
         left join categories p on p.id = c.parent_id
         where i.case_number like $1
           and (i.grid_l1_id in (select grid_id from user_grids where user_id = $2)
                or i.reporter_id = $2 or i.assignee_user_id = $2)
           and ($3::bigint is null or i.id < $3::bigint) and ($4::bigint is null or i.id > $4::bigint)
           and ($5::text is null or c.code = $5 or p.code = $5)
         order by case when $6 then i.id end asc, i.id desc`,
        [
          `B${tag}-%`,
          supervisorId,
          opts.below ?? null,
          opts.above ?? null,
          opts.category ?? null,
          opts.oldest ?? false,
        ],
      )
    ).rows.map((r) => r.id),
  )

async function pageThrough(query: string): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const cursorParam: string = cursor ? `&cursor=${cursor}` : ''
    const res = await app.inject({
      url: `/api/incidents?limit=7&from=${encodeURIComponent(FROM)}${query}${cursorParam}`,
      headers: { cookie: supervisor },
    })
    expect(res.statusCode, res.body).toBe(200)
    const page = res.json<{ items: { id: string }[]; nextCursor: string | null }>()
    expect(page.items.length).toBeLessThanOrEqual(7)
    ids.push(...page.items.map((i) => i.id))
    cursor = page.nextCursor
  } while (cursor)
  return ids
}

beforeAll(async () => {
  app = await buildTestApp()
  supervisor = await signIn(app, DEMO.supervisor)
  await withClient(async (c) => {
    supervisorId = (await c.query<{ id: number }>(`select id from users where phone = $1`, [DEMO.supervisor])).rows[0]!
      .id
    // Five kinds, interleaved so that every page mixes branches: 0 inside the community by someone else; 1 outside,
    // reported by the supervisor; 2 outside, assigned to them; 3 outside and neither (never shown); 4 inside and
    // reported by them (in two branches, listed once). Categories alternate between two groups.
    await c.query(
      `with mine as (select grid_id from user_grids where user_id = $2),
            inside as (select * from grids where level = 3 and parent_id in
              (select id from grids where parent_id in (select grid_id from mine)) order by id limit 1),
            outside as (select g.* from grids g join grids a on a.id = g.parent_id
              where g.level = 3 and a.parent_id not in (select grid_id from mine) order by g.id limit 1),
            other as (select id from users where id <> $2 order by id limit 1)
       insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id,
         grid_l2_id, grid_l3_id, reporter_id, assignee_user_id, source, created_at)
       select $1 || '-' || n, gen_random_uuid(),
         (select c.id from categories c join categories p on p.id = c.parent_id
            where p.code = case when n % 3 = 0 then 'C01' else 'E01' end order by c.id limit 1),
         '分支测试', 'reported', ST_PointOnSurface(g.geom),
         (select parent_id from grids where id = g.parent_id), g.parent_id, g.id,
         case when n % 5 in (1, 4) then $2 else (select id from other) end,
         case when n % 5 = 2 then $2 end, 'worker', '2098-06-01'::timestamptz + n * interval '1 minute'
       from generate_series(1, 120) n
       cross join lateral (select * from inside where n % 5 in (0, 4)
                           union all select * from outside where n % 5 in (1, 2, 3)) g
       order by n`,
      [`B${tag}`, supervisorId],
    )
  })
}, 60_000)

afterAll(async () => {
  await withClient((c) => c.query(`delete from incidents where case_number like $1`, [`B${tag}-%`]))
  await app.close()
})

describe("a supervisor's list, taken branch by branch", () => {
  it('pages newest first through exactly the cases the rule gives, each once', async () => {
    const expected = await truth({})
    // 120 cases, four kinds in five shown: 96.
    expect(expected).toHaveLength(96)
    const listed = await pageThrough('')
    expect(listed).toEqual(expected)
    expect(new Set(listed).size).toBe(listed.length)
  })

  it('pages oldest first the same way', async () => {
    expect(await pageThrough('&sort=oldest')).toEqual(await truth({ oldest: true }))
  })

  it('keeps a category group on every branch', async () => {
    const expected = await truth({ category: 'C01' })
    expect(expected.length).toBeGreaterThan(0)
    expect(await pageThrough('&category=C01')).toEqual(expected)
  })

  it('never lists a case outside the rule, on any page', async () => {
    const outside = await withClient(async (c) =>
      (
        await c.query<{ id: string }>(
          `select id::text from incidents where case_number like $1 and reporter_id <> $2
               and assignee_user_id is distinct from $2
               and grid_l1_id not in (select grid_id from user_grids where user_id = $2)`,
          [`B${tag}-%`, supervisorId],
        )
      ).rows.map((r) => r.id),
    )
    expect(outside).toHaveLength(24)
    const listed = new Set(await pageThrough(''))
    expect(outside.filter((id) => listed.has(id))).toEqual([])
  })
})

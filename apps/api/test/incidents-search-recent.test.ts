import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { RECENT_WINDOW, recentWindowStart } from '../src/plugins/app/incidents/incident-search.ts'
import { buildTestApp, DEMO, signIn, withClient } from './helper.ts'

// A street-wide search reads the newest RECENT_WINDOW cases first (incident-search.ts): a common phrase fills its page
// there, a rarer one goes to the search index. Either way the page must be exactly the newest matches the user may
// see, page after page. The cases are written in SQL: more than the window, old ones first.

let app: FastifyInstance
let manager: string
let supervisor: string
const tag = randomUUID().slice(0, 8)
const COMMON = `${tag}常见短语`
const RARE = `${tag}罕见短语`
/** Cases written before the window's cases: the rare phrase lies only here, beyond the newest RECENT_WINDOW. */
const OLD = 1000

/** `count` copies of the first seeded case, in its grids, in order; `describe` writes each one's description in SQL from its number. */
async function writeCases(count: number, describe: (n: string) => string): Promise<void> {
  await withClient((c) =>
    c.query(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id,
         grid_l2_id, grid_l3_id, reporter_id, source)
       select $1 || '-' || n, gen_random_uuid(), s.category_id, ${describe('n')}, 'reported', s.location,
         s.grid_l1_id, s.grid_l2_id, s.grid_l3_id, s.reporter_id, 'worker'
       from (select * from incidents order by id limit 1) s cross join generate_series(1, $2::int) n order by n`,
      [`T${tag}-${count}`, count],
    ),
  )
}

/** The newest matches as the database has them, for a user who sees everything. */
const truth = (phrase: string, limit: number, below?: string) =>
  withClient(async (c) =>
    (
      await c.query<{ id: string }>(
        `select i.id::text from incidents i where i.description like $1 and ($2::bigint is null or i.id < $2::bigint)
         order by i.id desc limit $3`,
        [`%${phrase}%`, below ?? null, limit],
      )
    ).rows.map((r) => r.id),
  )

const search = async (cookie: string, term: string, cursor?: string) => {
  const cursorParam = cursor ? `&cursor=${cursor}` : ''
  const res = await app.inject({
    url: `/api/incidents?limit=50&q=${encodeURIComponent(term)}${cursorParam}`,
    headers: { cookie },
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<{ items: { id: string; description: string }[]; nextCursor: string | null }>()
}

beforeAll(async () => {
  app = await buildTestApp()
  manager = await signIn(app, DEMO.manager)
  supervisor = await signIn(app, DEMO.supervisor)
  // Three old cases hold the rare phrase; in the window's cases, one in ten holds the common one.
  await writeCases(OLD, (n) => `case when ${n} % 400 = 0 then '旧案，${RARE}' else '旧案' end`)
  await writeCases(RECENT_WINDOW + 500, (n) => `case when ${n} % 10 = 0 then '井盖破损，${COMMON}' else '路灯不亮' end`)
}, 120_000)

afterAll(async () => {
  await withClient((c) => c.query(`delete from incidents where case_number like $1`, [`T${tag}-%`]))
  await app.close()
})

describe('a street-wide search reads the newest cases first', () => {
  it('pages through a common phrase exactly as the newest matches, across the window’s edge', async () => {
    // 2,050 matches, 50 a page: the first 40 pages lie in the newest 20,000 cases, the rest cross the window's edge.
    let cursor: string | undefined
    let pages = 0
    let seen = 0
    do {
      const expected = await truth(COMMON, 50, cursor)
      const page = await search(manager, COMMON, cursor)
      expect(page.items.map((i) => i.id)).toEqual(expected)
      seen += page.items.length
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor !== undefined && pages < 60)
    expect(seen).toBe(Math.floor((RECENT_WINDOW + 500) / 10))
  })

  it('starts the window at the RECENT_WINDOW-th newest case below the cursor, by number', async () => {
    const nth = (below: string | null) =>
      withClient(
        async (c) =>
          (
            await c.query<{ id: string }>(
              `select i.id::text from incidents i where $1::bigint is null or i.id < $1::bigint
               order by i.id desc offset $2 limit 1`,
              [below, RECENT_WINDOW - 1],
            )
          ).rows[0]?.id ?? null,
      )
    expect(await recentWindowStart(app.kysely, undefined)).toBe(await nth(null))
    const newest = await withClient(
      async (c) => (await c.query<{ id: string }>(`select max(id)::text id from incidents`)).rows[0]!.id,
    )
    const cursor = String(BigInt(newest) - 300n)
    expect(await recentWindowStart(app.kysely, cursor)).toBe(await nth(cursor))
    // Fewer than the window below the cursor: no start, the window is everything.
    expect(await recentWindowStart(app.kysely, '1000')).toBeNull()
  })

  it('finds a phrase held only by cases older than the window, through the search index', async () => {
    const page = await search(manager, RARE)
    expect(page.items).toHaveLength(Math.floor(OLD / 400))
    expect(page.items.map((i) => i.id)).toEqual(await truth(RARE, 50))
    expect(page.nextCursor).toBeNull()
  })

  it('answers a phrase no case holds with an empty page', async () => {
    const page = await search(manager, `${tag}无此短语`)
    expect(page.items).toEqual([])
    expect(page.nextCursor).toBeNull()
  })

  it('takes a cursor at the top of int8 as any other, and refuses one past it or a NUL in the term with 400', async () => {
    const top = await search(manager, COMMON, '9223372036854775807')
    expect(top.items.map((i) => i.id)).toEqual(await truth(COMMON, 50))
    for (const url of [
      `/api/incidents?limit=50&q=${encodeURIComponent(COMMON)}&cursor=9223372036854775808`,
      `/api/incidents?limit=50&q=${encodeURIComponent(`${COMMON}\u0000`)}`,
    ]) {
      const res = await app.inject({ url, headers: { cookie: manager } })
      expect(res.statusCode, res.body).toBe(400)
    }
  })

  it('leaves a one-community supervisor’s search to the index, within their scope', async () => {
    // The copies lie in the first seeded case's grids; the supervisor sees them only if that is their community.
    const visible = await withClient(
      async (c) =>
        (
          await c.query<{ n: number }>(
            `select count(*)::int n from incidents i join users u on u.phone = $1
             join user_grids ug on ug.user_id = u.id
             where i.case_number like $2 and i.description like $3
               and ug.grid_id in (i.grid_l1_id, i.grid_l2_id, i.grid_l3_id)`,
            [DEMO.supervisor, `T${tag}-%`, `%${RARE}%`],
          )
        ).rows[0]!.n,
    )
    const page = await search(supervisor, RARE)
    expect(page.items).toHaveLength(visible)
  })
})

import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keepIncidentChainsInStep, recordGridParents } from '../src/plugins/app/grids/incident-chains.ts'
import { visibleIncidents } from '../src/plugins/app/incidents/incident-list.ts'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Response } from 'light-my-request'
import { buildTestApp, DEMO, multipart, pointInGrid, signIn, withClient } from './helper.ts'

// A text search names who may see a case in the search index's own tokens (migration 0017: `g` grid, `r` reporter,
// `u` assignee, `d` department) and keeps the rule itself as a filter. The tokens must give exactly the rule of
// incident-visibility.ts, and the index scan must carry them. Supervisor 13800000002 keeps community
// 370705002001; worker 13800000001 unit grid 370705002001001; the handler is in 综合执法 (enforcement).

// One app, a session per role: four apps would hold four pools of connections.
let app: FastifyInstance
type Session = { inject: (options: InjectOptions) => Promise<Response> }
let supervisor: Session
let street: Session
let worker: Session
let handler: Session
const session = async (phone: string): Promise<Session> => {
  const cookie = await signIn(app, phone)
  return { inject: (o) => app.inject({ ...o, headers: { ...o.headers, cookie } }) }
}
const tag = randomUUID().slice(0, 6)
const words = `路灯熄灭 ${tag}`
const cases: Record<'inCommunity' | 'reportedOutside' | 'assignedOutside' | 'toDepartment' | 'other', string> = {
  inCommunity: '',
  reportedOutside: '',
  assignedOutside: '',
  toDepartment: '',
  other: '',
}

async function reportAt(user: Session, cell: string, description: string): Promise<string> {
  const at = await pointInGrid(cell)
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: 'C0101',
    description,
    lng: String(at.lng),
    lat: String(at.lat),
  })
  const res = await user.inject({ method: 'POST', url: '/api/incidents', ...form })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string }>().id
}

const step = async (user: Session, id: string, action: string, payload: object = {}) => {
  const res = await user.inject({ method: 'POST', url: `/api/incidents/${id}/${action}`, payload })
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
}

const search = async (user: Session, term: string) => {
  const res = await user.inject({ url: `/api/incidents?limit=200&q=${encodeURIComponent(term)}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<{ items: { id: string }[] }>().items.map((i) => i.id)
}

const idOf = async (user: Session) => (await user.inject({ url: '/api/auth/me' })).json<{ id: number }>().id

beforeAll(async () => {
  app = await buildTestApp()
  supervisor = await session(DEMO.supervisor)
  street = await session(DEMO.streetSupervisor)
  worker = await session(DEMO.worker)
  handler = await session(DEMO.handler)
  const departmentId = await withClient(
    async (c) => (await c.query<{ id: number }>(`select id from departments where code = 'enforcement'`)).rows[0]!.id,
  )
  cases.inCommunity = await reportAt(street, '370705002001002', `${words}，本社区`)
  // Community 370705002009 is outside both the supervisor's and the worker's scope.
  cases.reportedOutside = await reportAt(supervisor, '370705002009003', `${words}，监督员在别的社区上报`)
  // The worker's scope is unit grid 001; a case in unit grid 002 of the community can still be dispatched to them.
  cases.assignedOutside = await reportAt(street, '370705002001002', `${words}，派给本网格员`)
  await step(street, cases.assignedOutside, 'register')
  await step(street, cases.assignedOutside, 'dispatch', { userId: await idOf(worker) })
  cases.toDepartment = await reportAt(street, '370705002009003', `${words}，派给执法队`)
  await step(street, cases.toDepartment, 'register')
  await step(street, cases.toDepartment, 'dispatch', { departmentId })
  cases.other = await reportAt(street, '370705002009003', `${words}，无关的社区`)
})
afterAll(() => app?.close())

describe('a search within what the caller may see', () => {
  it('finds for each role exactly the cases the visibility rule gives: grids, own reports, assigned, department', async () => {
    const sorted = (ids: string[]) => [...ids].sort()
    const { inCommunity, reportedOutside, assignedOutside, toDepartment, other } = cases
    expect(sorted(await search(supervisor, words))).toEqual(sorted([inCommunity, reportedOutside, assignedOutside]))
    expect(sorted(await search(worker, words))).toEqual(sorted([assignedOutside]))
    expect(sorted(await search(handler, words))).toEqual(sorted([toDepartment]))
    expect(sorted(await search(street, words))).toEqual(
      sorted([inCommunity, reportedOutside, assignedOutside, toDepartment, other]),
    )
    // A two-character word goes through the same index: the supervisor's own report elsewhere is found, another
    // community's case is not.
    const twoCharacters = await search(supervisor, '熄灭')
    expect(twoCharacters).toEqual(expect.arrayContaining([inCommunity, reportedOutside]))
    expect(twoCharacters).not.toContain(other)
    // Without a bigram (one character) the rule itself decides, with the same answer.
    expect(await search(supervisor, tag.slice(0, 1))).not.toContain(other)
  })

  it('asks the search index for the term and the caller’s scope in one scan, never the grid chain’s btrees', async () => {
    const user = (await app.usersRepository.findActiveById(await idOf(supervisor)))!
    const query = visibleIncidents(app.kysely, user, { text: '熄灭' })
      .select('i.id')
      .orderBy('i.id', 'desc')
      .limit(51)
      .compile()
    // Bitmap scans only, as at a million cases: on a test database the planner would rather read the table.
    const plan = await withClient(async (c) => {
      await c.query('begin')
      try {
        await c.query('set local enable_seqscan = off')
        await c.query('set local enable_indexscan = off')
        const { rows } = await c.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${query.sql}`, [
          ...query.parameters,
        ])
        return JSON.stringify(rows[0]!['QUERY PLAN'])
      } finally {
        await c.query('rollback')
      }
    })
    type Node = { 'Index Name'?: string; 'Index Cond'?: string; Plans?: Node[] }
    const nodes: Node[] = []
    const walk = (n: Node) => {
      nodes.push(n)
      n.Plans?.forEach(walk)
    }
    walk((JSON.parse(plan) as { Plan: Node }[])[0]!.Plan)
    const searchScan = nodes.find((n) => n['Index Name'] === 'incidents_search_tokens')
    expect(searchScan?.['Index Cond'], plan).toContain('@>')
    expect(searchScan?.['Index Cond'], plan).toContain('&&')
    const chainIndexes = ['incidents_l1_idx', 'incidents_l2_idx', 'incidents_l3_idx', 'incidents_assignee_idx']
    expect(nodes.filter((n) => chainIndexes.includes(n['Index Name'] ?? '')).map((n) => n['Index Name'])).toEqual([])
  })
})

describe('the grid chain an incident stores', () => {
  it('follows a unit grid the grid import hangs from another area of its community', async () => {
    const id = await reportAt(worker, '370705002001001', `换片区 ${tag}`)
    const moved = await app.kysely
      .transaction()
      .execute(async (tx) => {
        await recordGridParents(tx)
        const { rows } = await sql<{ cell: number; other_area: number }>`
          select cell.id cell, other.id other_area from grids cell
          join grids other on other.parent_id = (select parent_id from grids where id = cell.parent_id)
            and other.level = 2 and other.id <> cell.parent_id
          where cell.code = '370705002001001' limit 1`.execute(tx)
        const { cell, other_area } = rows[0]!
        await tx.updateTable('grids').set({ parent_id: other_area }).where('id', '=', cell).execute()
        const rewritten = await keepIncidentChainsInStep(tx)
        const row = await tx
          .selectFrom('incidents')
          .select(['grid_l1_id', 'grid_l2_id'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        throw Object.assign(new Error('roll back'), { result: { rewritten, row, otherArea: other_area } })
      })
      .catch((err: { result?: { rewritten: number; row: { grid_l2_id: number }; otherArea: number } }) => {
        if (!err.result) throw err
        return err.result
      })
    expect(moved.rewritten).toBeGreaterThanOrEqual(1)
    expect(moved.row.grid_l2_id).toBe(moved.otherArea)
  })
})

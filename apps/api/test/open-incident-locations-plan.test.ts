import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { OPEN_STATES } from '@wangge/workflow'
import { visibleIncidents } from '../src/plugins/app/incidents/incident-list.ts'
import type { SignedInUser } from '../src/plugins/app/accounts/users-repository.ts'
import { buildTestApp, withClient } from './helper.ts'

// The live map's first request is its filters' points in a view, by default the open statuses. Migration 0076 keeps
// the open cases' locations in a partial GiST index; the planner may use it only when it can prove the query's
// statuses lie in the index's predicate. This asks the planner for the plan of the API's own query, bound as the API
// binds it (an unnamed statement, planned for its values), with the other ways forbidden. It fails when the
// predicate and the workflow's open states part (a new open state the index does not hold).

let app: FastifyInstance
const manager = { id: 0, role: 'manager', grids: [] } as unknown as SignedInUser
const VIEW: [number, number, number, number] = [119.14, 36.7, 119.16, 36.72]

async function planOf(statuses: string[]): Promise<string> {
  const query = visibleIncidents(app.kysely, manager, { status: statuses, bbox: VIEW })
    .select('i.id')
    .orderBy('i.id', 'desc')
    .limit(5000)
    .compile()
  return withClient(async (c) => {
    await c.query('begin')
    try {
      // Only the indexes are left to choose from, as on a database of millions of cases.
      await c.query('set local enable_seqscan = off')
      const { rows } = await c.query<{ 'QUERY PLAN': string }>(`explain ${query.sql}`, [...query.parameters])
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    } finally {
      await c.query('rollback')
    }
  })
}

beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

describe("the open cases' location index", () => {
  it('serves a view of the open statuses, and of any few of them', async () => {
    expect(await planOf([...OPEN_STATES])).toContain('incidents_open_location_gist')
    expect(await planOf(['dispatched', 'in_progress'])).toContain('incidents_open_location_gist')
  })

  it('is not used once a closed status is asked for, since it does not hold those cases', async () => {
    expect(await planOf([...OPEN_STATES, 'closed'])).not.toContain('incidents_open_location_gist')
  })
})

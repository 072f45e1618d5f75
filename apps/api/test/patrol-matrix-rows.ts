import type { InjectOptions } from 'fastify'
import { randomUUID } from 'node:crypto'
import { withClient } from './helper.ts'

/**
 * The patrols', coverage's and assessment's rows of the authorization matrix (authorization-matrix.test.ts spreads
 * them into its table). A step on a patrol is tried on a patrol of its own per actor, opened here behind the API's
 * back for the demo worker, so one actor's success never turns the next one's try into a 409.
 */
type Actor = 'anonymous' | 'worker' | 'supervisor' | 'streetSupervisor' | 'handler' | 'manager' | 'admin'
interface Fixtures {
  workerId: number
}
interface Row {
  route: string
  case?: string
  request: (f: Fixtures, actor: Actor) => InjectOptions | Promise<InjectOptions>
  expect: Record<Actor, number>
}

const only = (allowed: Partial<Record<Actor, number>>): Record<Actor, number> => ({
  anonymous: 401,
  worker: 403,
  supervisor: 403,
  streetSupervisor: 403,
  handler: 403,
  manager: 403,
  admin: 403,
  ...allowed,
})
const TRACK_READERS = { worker: 200, supervisor: 200, streetSupervisor: 200, manager: 200 }
const SUPERVISORS = { supervisor: 200, streetSupervisor: 200, manager: 200 }

/** A new open patrol of the demo worker (any open one ended first), started an hour ago. */
async function openPatrol(workerId: number): Promise<string> {
  return withClient(async (c) => {
    await c.query(
      `update patrols set ended_at = coalesce(last_at, started_at) where worker_id = $1 and ended_at is null`,
      [workerId],
    )
    const { rows } = await c.query<{ id: string }>(
      `insert into patrols (client_id, worker_id, started_at) values ($1, $2, now() - interval '1 hour') returning id::text`,
      [randomUUID(), workerId],
    )
    return rows[0]!.id
  })
}

export const PATROL_MATRIX_ROWS: Row[] = [
  {
    route: 'POST /api/patrols',
    request: async (f) => {
      await withClient((c) =>
        c.query(
          `update patrols set ended_at = coalesce(last_at, started_at) where worker_id = $1 and ended_at is null`,
          [f.workerId],
        ),
      )
      return { method: 'POST', url: '/api/patrols', payload: { clientId: randomUUID(), at: new Date().toISOString() } }
    },
    expect: only({ worker: 201 }),
  },
  {
    route: 'GET /api/patrols/current',
    request: () => ({ url: '/api/patrols/current' }),
    expect: only({ worker: 200 }),
  },
  {
    route: 'POST /api/patrols/{id}/points',
    request: async (f) => ({
      method: 'POST',
      url: `/api/patrols/${await openPatrol(f.workerId)}/points`,
      payload: {
        points: [
          { id: randomUUID(), at: new Date(Date.now() - 5000).toISOString(), lng: 119.1, lat: 36.7, accuracy: 10 },
        ],
      },
    }),
    expect: only({ worker: 200 }),
  },
  {
    route: 'POST /api/patrols/{id}/end',
    request: async (f) => ({
      method: 'POST',
      url: `/api/patrols/${await openPatrol(f.workerId)}/end`,
      payload: { at: new Date().toISOString() },
    }),
    expect: only({ worker: 200 }),
  },
  { route: 'GET /api/patrols', request: () => ({ url: '/api/patrols' }), expect: only(TRACK_READERS) },
  { route: 'GET /api/patrols/live', request: () => ({ url: '/api/patrols/live' }), expect: only(SUPERVISORS) },
  {
    route: 'GET /api/patrols/{id}',
    case: 'the demo worker’s patrol (community 001)',
    request: async (f) => ({ url: `/api/patrols/${await openPatrol(f.workerId)}` }),
    expect: only(TRACK_READERS),
  },
  {
    route: 'GET /api/patrol-settings',
    request: () => ({ url: '/api/patrol-settings' }),
    expect: only({ ...SUPERVISORS, admin: 200 }),
  },
  {
    route: 'PUT /api/patrol-settings',
    request: () => ({
      method: 'PUT',
      url: '/api/patrol-settings',
      payload: { retentionDays: 180, maxAccuracyM: 50, maxSpeedMps: 8, weeklyVisitsPerGrid: 2 },
    }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'GET /api/coverage/grids',
    request: () => ({ url: '/api/coverage/grids' }),
    expect: only(TRACK_READERS),
  },
  { route: 'GET /api/coverage/workers', request: () => ({ url: '/api/coverage/workers' }), expect: only(SUPERVISORS) },
  { route: 'GET /api/coverage/rule', request: () => ({ url: '/api/coverage/rule' }), expect: only(SUPERVISORS) },
  {
    route: 'GET /api/assessment/weights',
    request: () => ({ url: '/api/assessment/weights' }),
    expect: only({ manager: 200, admin: 200 }),
  },
  {
    route: 'PUT /api/assessment/weights',
    request: () => ({
      method: 'PUT',
      url: '/api/assessment/weights',
      payload: [{ sheet: 'worker', indicator: 'reports', weight: 25, target: 30 }],
    }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'GET /api/assessment/{month}',
    request: () => ({ url: '/api/assessment/2001-01' }),
    expect: only({ manager: 200, admin: 200 }),
  },
  {
    route: 'POST /api/assessment/{month}/close',
    request: () => ({ method: 'POST', url: '/api/assessment/2001-01/close' }),
    expect: only({ manager: 200 }),
  },
  {
    route: 'GET /api/assessment/{month}/export',
    request: () => ({ url: '/api/assessment/2001-01/export' }),
    expect: only({ manager: 200, admin: 200 }),
  },
]

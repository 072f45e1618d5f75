import type { InjectOptions } from 'fastify'
import { createECDH, randomBytes, randomUUID } from 'node:crypto'
import { withClient } from './helper.ts'

/**
 * Issue 19's rows of the authorization matrix (authorization-matrix.test.ts spreads them into its table): routing
 * rules, ladders, 催办/督办 and the notification centre. A write that needs a row of its own (a rule to change, a
 * case to urge) gets a fresh one per actor, made here behind the API's back, so one actor's success never turns
 * the next one's try into a 404 or 409.
 */
type Actor = 'anonymous' | 'worker' | 'supervisor' | 'streetSupervisor' | 'handler' | 'manager' | 'admin'
interface Fixtures {
  workerId: number
  cellId: number
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
const everyone = (status: number) =>
  only({
    worker: status,
    supervisor: status,
    streetSupervisor: status,
    handler: status,
    manager: status,
    admin: status,
  })
const RULE_READERS = { supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }

/** A rule of its own for `category × the worker's cell` (any earlier one for the pair removed). */
async function ruleOnCell(cellId: number): Promise<number> {
  return withClient(async (c) => {
    const category =
      (await c.query<{ id: number }>(`select id from categories where code = 'E0502'`)).rows[0]?.id ?? null
    await c.query(`delete from routing_rules where grid_id = $1 and category_id is not distinct from $2`, [
      cellId,
      category,
    ])
    const { rows } = await c.query<{ id: number }>(
      `insert into routing_rules (category_id, grid_id, target, updated_by)
       values ($1, $2, 'grid_worker', (select id from users where role = 'admin' and active order by id limit 1)) returning id`,
      [category, cellId],
    )
    return rows[0]!.id
  })
}

/** A case dispatched to the demo worker in the unit grid `gridCode`. */
async function dispatchedCase(workerId: number, gridCode: string): Promise<string> {
  return withClient(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id,
         reporter_id, source, assignee_user_id, dispatched_at, due_at)
       select $1, $2, (select id from categories where code = 'E0101'), '权限矩阵', 'dispatched', ST_PointOnSurface(g3.geom),
         g1.id, g2.id, g3.id, $3, 'worker', $3, now(), now() + interval '2 days'
       from grids g3 join grids g2 on g2.id = g3.parent_id join grids g1 on g1.id = g2.parent_id where g3.code = $4
       returning id::text`,
      [`M-${randomUUID()}`, randomUUID(), workerId, gridCode],
    )
    return rows[0]!.id
  })
}
/** A browser's P-256 public key, as a PushSubscription carries it. */
function browserKey(): string {
  const ecdh = createECDH('prime256v1')
  return ecdh.generateKeys().toString('base64url')
}

const IN_COMMUNITY_1 = '370705002001001'
const IN_COMMUNITY_9 = '370705002009001'

export const ROUTING_MATRIX_ROWS: Row[] = [
  { route: 'GET /api/routing/rules', request: () => ({ url: '/api/routing/rules' }), expect: only(RULE_READERS) },
  {
    route: 'GET /api/routing/rules/{id}',
    request: async (f) => ({ url: `/api/routing/rules/${await ruleOnCell(f.cellId)}` }),
    expect: only(RULE_READERS),
  },
  {
    route: 'POST /api/routing/rules',
    request: async (f) => {
      await withClient((c) =>
        c.query(`delete from routing_rules where grid_id = $1 and category_id is null`, [f.cellId]),
      )
      return {
        method: 'POST',
        url: '/api/routing/rules',
        payload: {
          categoryId: null,
          gridId: f.cellId,
          target: 'grid_worker',
          departmentId: null,
          autoDispatch: false,
          note: '',
        },
      }
    },
    expect: only({ admin: 201 }),
  },
  {
    route: 'PUT /api/routing/rules/{id}',
    request: async (f) => ({
      method: 'PUT',
      url: `/api/routing/rules/${await ruleOnCell(f.cellId)}`,
      payload: {
        categoryId: null,
        gridId: null,
        target: 'grid_worker',
        departmentId: null,
        autoDispatch: false,
        note: '矩阵',
      },
    }),
    expect: only({ admin: 200 }),
  },
  {
    route: 'DELETE /api/routing/rules/{id}',
    request: async (f) => ({ method: 'DELETE', url: `/api/routing/rules/${await ruleOnCell(f.cellId)}` }),
    expect: only({ admin: 204 }),
  },
  {
    route: 'GET /api/routing/preview',
    request: () => ({ url: '/api/routing/preview?categoryCode=E0101&lng=116.397&lat=39.909' }),
    case: 'a point outside the street',
    expect: only({ supervisor: 422, streetSupervisor: 422, manager: 422, admin: 422 }),
  },
  {
    route: 'GET /api/routing/review',
    request: () => ({ url: '/api/routing/review' }),
    expect: only({ manager: 200, admin: 200 }),
  },
  {
    route: 'GET /api/escalation/ladders',
    request: () => ({ url: '/api/escalation/ladders' }),
    expect: only(RULE_READERS),
  },
  {
    route: 'PUT /api/escalation/ladders',
    request: async () => ({
      method: 'PUT',
      url: '/api/escalation/ladders',
      payload: {
        categoryId: await withClient(
          async (c) => (await c.query<{ id: number }>(`select id from categories where code = 'E0502'`)).rows[0]!.id,
        ),
        steps: [{ percent: 80, level: 'yellow', notify: ['assignee'] }],
      },
    }),
    expect: only({ admin: 204 }),
  },
  {
    route: 'DELETE /api/escalation/ladders/{categoryId}',
    request: async () => {
      const id = await withClient(async (c) => {
        const category = (await c.query<{ id: number }>(`select id from categories where code = 'E0502'`)).rows[0]!.id
        await c.query(
          `insert into escalation_ladders (category_id, steps, updated_by)
           values ($1, '[{"percent":90,"level":"red","notify":["assignee"]}]', (select id from users where role = 'admin' order by id limit 1))
           on conflict (category_id) do nothing`,
          [category],
        )
        return category
      })
      return { method: 'DELETE', url: `/api/escalation/ladders/${id}` }
    },
    expect: only({ admin: 204 }),
  },
  {
    route: 'POST /api/incidents/{id}/urge',
    case: 'a case in community 001',
    request: async (f) => ({
      method: 'POST',
      url: `/api/incidents/${await dispatchedCase(f.workerId, IN_COMMUNITY_1)}/urge`,
      payload: { note: '请尽快处置' },
    }),
    expect: only({ supervisor: 204, streetSupervisor: 204, admin: 204 }),
  },
  {
    route: 'POST /api/incidents/{id}/urge',
    case: 'a case in community 009, outside the community supervisor',
    request: async (f) => ({
      method: 'POST',
      url: `/api/incidents/${await dispatchedCase(f.workerId, IN_COMMUNITY_9)}/urge`,
      payload: { note: '请尽快处置' },
    }),
    expect: only({ supervisor: 404, streetSupervisor: 204, admin: 204 }),
  },
  {
    route: 'POST /api/incidents/{id}/supervise',
    request: async (f) => ({
      method: 'POST',
      url: `/api/incidents/${await dispatchedCase(f.workerId, IN_COMMUNITY_1)}/supervise`,
      payload: { note: '督办' },
    }),
    expect: only({ manager: 204 }),
  },
  {
    route: 'GET /api/escalation/supervised',
    request: () => ({ url: '/api/escalation/supervised' }),
    expect: only({ supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }),
  },
  { route: 'GET /api/notifications', request: () => ({ url: '/api/notifications' }), expect: everyone(200) },
  {
    route: 'POST /api/notifications/read',
    request: () => ({ method: 'POST', url: '/api/notifications/read', payload: { all: true } }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/notifications/settings',
    request: () => ({ url: '/api/notifications/settings' }),
    expect: everyone(200),
  },
  {
    route: 'PUT /api/notifications/settings',
    request: () => ({ method: 'PUT', url: '/api/notifications/settings', payload: { muted: [] } }),
    expect: everyone(200),
  },
  {
    route: 'GET /api/notifications/push-key',
    request: () => ({ url: '/api/notifications/push-key' }),
    expect: everyone(200),
  },
  {
    route: 'POST /api/notifications/push-subscriptions',
    // The discard port on the loopback: a push sent there is refused at once and retried, never leaves the machine.
    request: () => ({
      method: 'POST',
      url: '/api/notifications/push-subscriptions',
      payload: {
        endpoint: `http://127.0.0.1:9/matrix/${randomUUID()}`,
        keys: { p256dh: browserKey(), auth: randomBytes(16).toString('base64url') },
      },
    }),
    expect: everyone(204),
  },
  {
    route: 'POST /api/notifications/push-subscriptions/remove',
    request: () => ({
      method: 'POST',
      url: '/api/notifications/push-subscriptions/remove',
      payload: { endpoint: 'http://127.0.0.1:9/matrix/none' },
    }),
    expect: everyone(204),
  },
]

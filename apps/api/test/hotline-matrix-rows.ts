import type { InjectOptions } from 'fastify'
import { randomUUID } from 'node:crypto'
import { multipart, withClient } from './helper.ts'
import { hotlineOrder, orderNumber, orderSheet } from './hotline-fixtures.ts'
import { createRegistryCipher } from '../src/plugins/app/registry/registry-cipher.ts'
import { TEST_DATA_KEY } from './test-data-key.ts'

const cipher = createRegistryCipher(TEST_DATA_KEY)

/**
 * The hotline's rows of the authorization matrix (authorization-matrix.test.ts spreads them into its table). Each
 * step is tried on an order of its own per actor — made here, behind the API's back, in the state the step needs —
 * so that one actor's success never turns the next actor's try into a 409.
 */
type Actor = 'anonymous' | 'worker' | 'supervisor' | 'streetSupervisor' | 'handler' | 'manager' | 'admin'
interface Fixtures {
  incidentInCommunity1: string
  incidentInCommunity9: string
  pointInWorkerCell: { lng: number; lat: number }
  managerId: number
}
interface Row {
  route: string
  case?: string
  request: (f: Fixtures, actor: Actor) => InjectOptions | Promise<InjectOptions>
  expect: Record<Actor, number>
}

const DESK = {
  anonymous: 401,
  worker: 403,
  supervisor: 200,
  streetSupervisor: 200,
  handler: 403,
  manager: 403,
  admin: 200,
}
const READERS = { ...DESK, manager: 200 }

/** A copy of a fixture incident (its grids, category, reporter) in `status`, with an order in `orderStatus`. */
async function orderLike(incidentId: string, status: string, orderStatus: string, actorId: number) {
  return withClient(async (c) => {
    const { rows } = await c.query<{ order_id: string; incident_id: string }>(
      `with copy as (
         insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id,
           grid_l3_id, reporter_id, source, closed_at)
         select 'HM-' || $2, $3::uuid, category_id, description, $4, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id,
           'hotline', case when $4 = 'closed' then now() end
         from incidents where id = $1
         returning id)
       insert into hotline_orders (order_number, incident_id, caller_name_sealed, caller_phone_sealed, caller_name_masked,
         caller_phone_masked, called_at, sign_limit_hours, finish_limit_days, received_by, sign_due_at, finish_due_at, status)
       select $2, copy.id, $7, $8, '张*', '139****0000', now(), 2, 5, $5, now() + interval '2 hours',
         now() + interval '7 days', $6
       from copy
       returning id::text order_id, incident_id::text`,
      [
        incidentId,
        orderNumber('HM'),
        randomUUID(),
        status,
        actorId,
        orderStatus,
        cipher.seal('张三'),
        cipher.seal('13900000000'),
      ],
    )
    return rows[0]!
  })
}

let shared: Promise<{ in1: { order_id: string; incident_id: string }; in9: { order_id: string } }> | undefined
const sharedOrders = (f: Fixtures) =>
  (shared ??= (async () => ({
    in1: await orderLike(f.incidentInCommunity1, 'reported', 'received', f.managerId),
    in9: await orderLike(f.incidentInCommunity9, 'reported', 'received', f.managerId),
  }))())

const STEPS = [
  { step: 'sign', status: 'reported', orderStatus: 'received', payload: {} },
  { step: 'reply', status: 'closed', orderStatus: 'signed', payload: { result: '已办结' } },
  { step: 'return', status: 'reported', orderStatus: 'received', payload: { reason: '不属本街道' } },
  { step: 'revisit', status: 'closed', orderStatus: 'replied', payload: { result: 'satisfied' } },
] as const

export const HOTLINE_MATRIX_ROWS: Row[] = [
  {
    route: 'POST /api/hotline/orders',
    request: (f) => ({ method: 'POST', url: '/api/hotline/orders', payload: hotlineOrder(f.pointInWorkerCell) }),
    expect: { ...DESK, supervisor: 201, streetSupervisor: 201, admin: 201 },
  },
  {
    route: 'POST /api/hotline/orders/import',
    request: async (f) => ({
      method: 'POST',
      url: '/api/hotline/orders/import',
      ...multipart({}, [
        {
          field: 'file',
          name: 'orders.xlsx',
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          bytes: await orderSheet([
            [
              orderNumber('HM'),
              '张三',
              '13900000000',
              '2026-11-20 09:30',
              '路灯不亮',
              'C0102',
              f.pointInWorkerCell.lng,
              f.pointInWorkerCell.lat,
            ],
          ]),
        },
      ]),
    }),
    expect: DESK,
  },
  { route: 'GET /api/hotline/orders', request: () => ({ url: '/api/hotline/orders' }), expect: READERS },
  {
    route: 'GET /api/hotline/orders/{id}',
    case: 'in community 001',
    request: async (f) => ({ url: `/api/hotline/orders/${(await sharedOrders(f)).in1.order_id}` }),
    expect: READERS,
  },
  {
    route: 'GET /api/hotline/orders/{id}',
    case: 'in community 009 (out of the community supervisor’s scope)',
    request: async (f) => ({ url: `/api/hotline/orders/${(await sharedOrders(f)).in9.order_id}` }),
    expect: { ...READERS, supervisor: 404 },
  },
  {
    route: 'GET /api/hotline/cases/{incidentId}',
    case: 'a case in the worker’s grid',
    request: async (f) => ({ url: `/api/hotline/cases/${(await sharedOrders(f)).in1.incident_id}` }),
    expect: { ...READERS, worker: 200, handler: 404 },
  },
  ...STEPS.flatMap(({ step, status, orderStatus, payload }): Row[] => [
    {
      route: `POST /api/hotline/orders/{id}/${step}`,
      case: 'in community 001',
      request: async (f) => ({
        method: 'POST',
        url: `/api/hotline/orders/${(await orderLike(f.incidentInCommunity1, status, orderStatus, f.managerId)).order_id}/${step}`,
        payload,
      }),
      expect: DESK,
    },
    {
      route: `POST /api/hotline/orders/{id}/${step}`,
      case: 'in community 009 (out of the community supervisor’s scope)',
      request: async (f) => ({
        method: 'POST',
        url: `/api/hotline/orders/${(await orderLike(f.incidentInCommunity9, status, orderStatus, f.managerId)).order_id}/${step}`,
        payload,
      }),
      expect: { ...DESK, supervisor: 404 },
    },
  ]),
  { route: 'GET /api/hotline/replies', request: () => ({ url: '/api/hotline/replies' }), expect: DESK },
  {
    route: 'GET /api/stats/hotline',
    request: () => ({ url: '/api/stats/hotline?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z' }),
    expect: READERS,
  },
]

import type { InjectOptions } from 'fastify'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { withClient } from './helper.ts'

/**
 * The Open311 rows of the authorization matrix (authorization-matrix.test.ts spreads them into its table). The
 * GeoReport v2 resources are public: every actor, signed in or not, reads them, and a POST is allowed by its API key,
 * not by a session. The admins' key routes are for admins only. Keys are made here behind the API's back (a hash
 * of a known key), one per actor where a try changes the key, so one actor's revocation never meets another's.
 */
type Actor = 'anonymous' | 'worker' | 'supervisor' | 'streetSupervisor' | 'handler' | 'manager' | 'admin'
interface Fixtures {
  pointInWorkerCell: { lng: number; lat: number }
}
interface Row {
  route: string
  case?: string
  request: (f: Fixtures, actor: Actor) => InjectOptions | Promise<InjectOptions>
  expect: Record<Actor, number>
}

const everyone = (status: number): Record<Actor, number> => ({
  anonymous: status,
  worker: status,
  supervisor: status,
  streetSupervisor: status,
  handler: status,
  manager: status,
  admin: status,
})
const adminsOnly = (status: number): Record<Actor, number> => ({
  anonymous: 401,
  worker: 403,
  supervisor: 403,
  streetSupervisor: 403,
  handler: 403,
  manager: 403,
  admin: status,
})

/** A live key, stored as the API stores one; its raw text and id. */
async function key(): Promise<{ raw: string; id: number }> {
  const raw = `wg311_${randomBytes(32).toString('hex')}`
  const id = await withClient(
    async (c) =>
      (
        await c.query<{ id: number }>(
          `insert into open311_api_keys (name, key_prefix, key_hash, services, rate_limit_per_minute, created_by)
           values ($1, $2, $3, null, 1000, (select id from users where role = 'admin' and active order by id limit 1))
           returning id`,
          [`矩阵 ${randomUUID().slice(0, 8)}`, raw.slice(6, 14), createHash('sha256').update(raw).digest('hex')],
        )
      ).rows[0]!.id,
  )
  return { raw, id }
}

let shared: Promise<{ raw: string; id: number }> | undefined
const sharedKey = () => (shared ??= key())

/** A case filed through Open311 once, for the reads of one request and its token. */
let filed: Promise<{ id: string; token: string }> | undefined
const filedCase = (point: { lng: number; lat: number }) =>
  (filed ??= (async () => {
    const { id } = await sharedKey()
    return withClient(async (c) => {
      const { rows } = await c.query<{ id: string; token: string }>(
        `with i as (
           insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id,
             grid_l3_id, reporter_id, source)
           select 'MX-' || substr(md5(random()::text), 1, 10), gen_random_uuid(), c.id, '矩阵夹具', 'reported',
             ST_SetSRID(ST_MakePoint($1, $2), 4326), g1.id, g2.id, g3.id,
             (select id from users where role = 'admin' order by id limit 1), 'open311'
           from categories c, grids g3 join grids g2 on g2.id = g3.parent_id join grids g1 on g1.id = g2.parent_id
           where c.code = 'C0101' and g3.level = 3 and ST_Intersects(g3.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))
           limit 1
           returning id, case_number
         ), o as (
           insert into open311_requests (incident_id, api_key_id, token, service_code)
           select id, $3, gen_random_uuid(), 'C0101' from i returning token
         )
         select i.case_number id, o.token::text token from i, o`,
        [point.lng, point.lat, id],
      )
      return rows[0]!
    })
  })())

const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
})

export const OPEN311_MATRIX_ROWS: Row[] = [
  {
    route: 'GET /api/stats/sources',
    request: () => ({ url: '/api/stats/sources?from=2026-01-01T00:00:00%2B08:00&to=2026-02-01T00:00:00%2B08:00' }),
    expect: { ...adminsOnly(200), supervisor: 200, streetSupervisor: 200, manager: 200 },
  },
  { route: 'GET /api/open311/keys', request: () => ({ url: '/api/open311/keys' }), expect: adminsOnly(200) },
  {
    route: 'POST /api/open311/keys',
    request: () => ({
      method: 'POST',
      url: '/api/open311/keys',
      payload: { name: `矩阵签发 ${randomUUID().slice(0, 8)}`, services: ['C0101'], rateLimitPerMinute: 10 },
    }),
    expect: adminsOnly(201),
  },
  {
    route: 'POST /api/open311/keys/{id}/revoke',
    request: async () => ({ method: 'POST', url: `/api/open311/keys/${(await key()).id}/revoke` }),
    expect: adminsOnly(200),
  },
  {
    route: 'GET /open311/v2/discovery.{format}',
    request: () => ({ url: '/open311/v2/discovery.json' }),
    expect: everyone(200),
  },
  {
    route: 'GET /open311/v2/services.{format}',
    request: () => ({ url: '/open311/v2/services.xml' }),
    expect: everyone(200),
  },
  {
    route: 'GET /open311/v2/services/{service_code}.{format}',
    request: () => ({ url: '/open311/v2/services/C0101.json' }),
    expect: everyone(200),
  },
  {
    route: 'POST /open311/v2/requests.{format}',
    case: 'with an API key, whoever sends it',
    request: async (f) => ({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({
        api_key: (await sharedKey()).raw,
        service_code: 'C0101',
        lat: String(f.pointInWorkerCell.lat),
        long: String(f.pointInWorkerCell.lng),
        description: '矩阵：有密钥的请求',
      }),
    }),
    expect: everyone(201),
  },
  {
    route: 'POST /open311/v2/requests.{format}',
    case: 'without a key no session helps (XML, the spec’s errors)',
    request: (f) => ({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      ...form({ service_code: 'C0101', lat: String(f.pointInWorkerCell.lat), long: String(f.pointInWorkerCell.lng) }),
    }),
    expect: everyone(400),
  },
  {
    route: 'GET /open311/v2/requests.{format}',
    request: () => ({ url: '/open311/v2/requests.json' }),
    expect: everyone(200),
  },
  {
    route: 'GET /open311/v2/requests/{service_request_id}.{format}',
    request: async (f) => ({ url: `/open311/v2/requests/${(await filedCase(f.pointInWorkerCell)).id}.json` }),
    expect: everyone(200),
  },
  {
    route: 'GET /open311/v2/tokens/{token}.{format}',
    request: async (f) => ({ url: `/open311/v2/tokens/${(await filedCase(f.pointInWorkerCell)).token}.xml` }),
    expect: everyone(200),
  },
  {
    route: 'GET /open311/v2/servicerequestupdates.{format}',
    request: () => ({ url: '/open311/v2/servicerequestupdates.json' }),
    expect: everyone(200),
  },
]

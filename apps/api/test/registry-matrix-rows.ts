import type { InjectOptions } from 'fastify'
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { multipart, withClient } from './helper.ts'

/**
 * The registry's rows of the authorization matrix (authorization-matrix.test.ts spreads them into its table).
 * Records are found here behind the API's back: one in the demo worker's unit grid (community 001, also the
 * community supervisor's) and one in community 009, outside both of their scopes.
 */
type Actor = 'anonymous' | 'worker' | 'supervisor' | 'streetSupervisor' | 'handler' | 'manager' | 'admin'
interface Row {
  route: string
  case?: string
  request: (f: unknown, actor: Actor) => InjectOptions | Promise<InjectOptions>
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
const READERS = { worker: 200, supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }
const KEEPERS = { supervisor: 200, streetSupervisor: 200, manager: 200, admin: 200 }
const OUTSIDE = { worker: 404, supervisor: 404 }
const MINE = '370705002001001'
const THEIRS = '370705002009005'

const idOf = (query: string, code: string) =>
  withClient(async (c) => (await c.query<{ id: number }>(query, [code])).rows[0]!.id)
const gridId = (code: string) => idOf('select id from grids where code = $1', code)
const houseIn = (code: string) =>
  idOf(
    'select h.id from registry.houses h join grids g on g.id = h.grid_l3_id where g.code = $1 order by h.id limit 1',
    code,
  )
const residentIn = (code: string) =>
  idOf(
    'select r.id from registry.residents r join grids g on g.id = r.grid_l3_id where g.code = $1 order by r.id limit 1',
    code,
  )

async function emptySheet(): Promise<ReturnType<typeof multipart>> {
  const workbook = new ExcelJS.Workbook()
  workbook
    .addWorksheet('实有房屋')
    .addRow(['房屋地址', '楼栋地址', '单元', '楼层', '门牌号', '用途', '面积（平方米）', '居住情况'])
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
  return multipart({}, [{ field: 'file', name: 'houses.xlsx', type: 'application/octet-stream', bytes }])
}

export const REGISTRY_MATRIX_ROWS: Row[] = [
  // The registry: workers read their unit grids, supervisors their scope, managers and admins the street;
  // handlers none of it. Import, export and indicators are the desks'; visits are filed from the field.
  {
    route: 'GET /api/registry/residents',
    request: () => ({ url: '/api/registry/residents?limit=5' }),
    expect: only(READERS),
  },
  {
    route: 'GET /api/registry/grids/{gridId}',
    case: 'the worker’s unit grid',
    request: async () => ({ url: `/api/registry/grids/${await gridId(MINE)}` }),
    expect: only(READERS),
  },
  {
    route: 'GET /api/registry/grids/{gridId}',
    case: 'a unit grid of community 009',
    request: async () => ({ url: `/api/registry/grids/${await gridId(THEIRS)}` }),
    expect: only({ ...READERS, ...OUTSIDE }),
  },
  {
    route: 'GET /api/registry/houses/{id}',
    case: 'a house of community 009',
    request: async () => ({ url: `/api/registry/houses/${await houseIn(THEIRS)}` }),
    expect: only({ ...READERS, ...OUTSIDE }),
  },
  {
    route: 'POST /api/registry/residents/{id}/reveal',
    case: 'a resident of community 009',
    request: async () => ({
      method: 'POST',
      url: `/api/registry/residents/${await residentIn(THEIRS)}/reveal`,
      payload: { reason: '权限矩阵核对' },
    }),
    expect: only({ ...READERS, ...OUTSIDE }),
  },
  {
    route: 'GET /api/registry/buildings',
    request: () => ({ url: '/api/registry/buildings?bbox=119.10,36.70,119.20,36.80' }),
    expect: only(READERS),
  },
  {
    route: 'GET /api/registry/organisations',
    request: () => ({ url: '/api/registry/organisations?bbox=119.10,36.70,119.20,36.80&kind=shop' }),
    expect: only(READERS),
  },
  {
    route: 'POST /api/registry/visits',
    case: 'a house in the worker’s unit grid',
    request: async () => ({
      method: 'POST',
      url: '/api/registry/visits',
      ...multipart({
        clientId: randomUUID(),
        houseId: String(await houseIn(MINE)),
        visitedAt: new Date().toISOString(),
        notes: '权限矩阵走访',
      }),
    }),
    expect: only({ worker: 201, supervisor: 201, streetSupervisor: 201 }),
  },
  {
    route: 'GET /api/registry/indicators',
    request: () => ({ url: '/api/registry/indicators' }),
    expect: only(KEEPERS),
  },
  {
    route: 'GET /api/stats/registry',
    request: () => ({ url: '/api/stats/registry?quarter=2026-Q1' }),
    expect: only(KEEPERS),
  },
  {
    route: 'GET /api/registry/templates/{register}',
    request: () => ({ url: '/api/registry/templates/residents' }),
    expect: only(KEEPERS),
  },
  {
    route: 'POST /api/registry/import/{register}',
    case: 'a template with no rows',
    request: async () => ({ method: 'POST', url: '/api/registry/import/houses', ...(await emptySheet()) }),
    expect: only(KEEPERS),
  },
  {
    route: 'GET /api/registry/export/{register}',
    request: () => ({ url: `/api/registry/export/houses?reason=${encodeURIComponent('权限矩阵核对')}` }),
    expect: only(KEEPERS),
  },
  {
    route: 'GET /api/registry/photos/{sha256}',
    case: 'a photo of no visit',
    request: () => ({ url: `/api/registry/photos/${'0'.repeat(64)}` }),
    expect: only({ worker: 404, supervisor: 404, streetSupervisor: 404, manager: 404, admin: 404 }),
  },
]

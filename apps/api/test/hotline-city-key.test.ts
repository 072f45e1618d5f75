import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, DEMO, pointInGrid, signIn, withClient } from './helper.ts'
import { hotlineOrder } from './hotline-fixtures.ts'
import type { FastifyInstance } from 'fastify'

/** The city's 12345 system with an integration key (an admin's Open311 key), no session. */
let app: FastifyInstance
let key: string
let keyId: number
let adminCookie: string
let point: { lng: number; lat: number }

beforeAll(async () => {
  app = await buildTestApp()
  adminCookie = await signIn(app, DEMO.admin)
  const created = await app.inject({
    method: 'POST',
    url: '/api/open311/keys',
    headers: { cookie: adminCookie },
    payload: { name: '潍坊市 12345 平台', services: null, rateLimitPerMinute: 600 },
  })
  expect(created.statusCode).toBe(201)
  key = created.json().key
  keyId = created.json().record.id
  point = await pointInGrid('370705002001001')
})
afterAll(async () => app.close())

describe('the city system’s integration key', () => {
  it('files an order as the system account, reads the replies feed, and every use is audited', async () => {
    const order = hotlineOrder(point)
    const res = await app.inject({
      method: 'POST',
      url: '/api/hotline/orders',
      headers: { 'x-api-key': key },
      payload: order,
    })
    expect(res.statusCode).toBe(201)
    const again = await app.inject({
      method: 'POST',
      url: '/api/hotline/orders',
      headers: { 'x-api-key': key },
      payload: order,
    })
    expect(again.statusCode).toBe(200)
    const feed = await app.inject({ url: '/api/hotline/replies', headers: { 'x-api-key': key } })
    expect(feed.statusCode).toBe(200)

    const rows = await withClient(async (c) => {
      const filed = await c.query<{ reporter: string; receiver: string; source: string }>(
        `select r.phone reporter, v.phone receiver, i.source from hotline_orders o join incidents i on i.id = o.incident_id
         join users r on r.id = i.reporter_id join users v on v.id = o.received_by where o.order_number = $1`,
        [order.orderNumber],
      )
      const uses = await c.query<{ n: number }>(
        `select count(*)::int n from audit_log where entity = 'open311_key' and entity_id = $1 and action = 'open311_key.use'`,
        [String(keyId)],
      )
      return { filed: filed.rows, uses: uses.rows[0]!.n }
    })
    expect(rows.filed).toEqual([{ reporter: '19900000000', receiver: '19900000000', source: 'hotline' }])
    expect(rows.uses).toBe(3)
  })

  it('refuses no key with 401, an unknown or revoked key with 403, and writes nothing', async () => {
    const count = () =>
      withClient(async (c) => (await c.query<{ n: number }>('select count(*)::int n from hotline_orders')).rows[0]!.n)
    const before = await count()
    const send = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/hotline/orders', headers, payload: hotlineOrder(point) })
    expect((await send({})).statusCode).toBe(401)
    expect((await send({ 'x-api-key': 'wg311_not-a-key' })).statusCode).toBe(403)
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/open311/keys/${keyId}/revoke`,
      headers: { cookie: adminCookie },
    })
    expect(revoked.statusCode).toBe(200)
    expect((await send({ 'x-api-key': key })).statusCode).toBe(403)
    expect((await app.inject({ url: '/api/hotline/replies', headers: { 'x-api-key': key } })).statusCode).toBe(403)
    // A key opens only the city's routes: the desk's own steps still need a session.
    expect((await app.inject({ url: '/api/hotline/orders', headers: { 'x-api-key': key } })).statusCode).toBe(401)
    expect(await count()).toBe(before)
  })
})

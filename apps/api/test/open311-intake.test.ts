import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid, signIn, withClient } from './helper.ts'
import { listeningApp, openedClients, type LiveClient } from './live-client.ts'
import { issueKey, streetCode } from './open311/fixtures.ts'
import { Open311XmlClient } from './open311/xml-client.ts'

// A city system files and follows a case through Open311, over real HTTP, with the XML-only client written from the
// spec (open311/xml-client.ts): the case enters the workflow as reported, with source open311 and its grid chain;
// the community's supervisor sees it on the live map within 2 s; each workflow step comes back through
// servicerequestupdates; no reply to anyone carries the reporter's personal data.

let app: FastifyInstance
let url: string
let client: Open311XmlClient
let publicClient: Open311XmlClient
let supervisorCookie: string
let adminCookie: string
const clients = openedClients()

type Requests = { service_requests: { request: Record<string, string>[] } }
type Updates = { service_requests_updates: '' | { request_update: Record<string, string>[] } }

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  supervisorCookie = await signIn(app, DEMO.supervisor)
  adminCookie = await signIn(app, DEMO.admin)
  const res = await app.inject({
    method: 'POST',
    url: '/api/open311/keys',
    headers: { cookie: adminCookie },
    payload: { name: '市民随手拍', services: null, rateLimitPerMinute: 100 },
  })
  expect(res.statusCode, res.body).toBe(201)
  const jurisdiction = await streetCode()
  client = new Open311XmlClient(`${url}/open311/v2`, jurisdiction, res.json<{ key: string }>().key)
  publicClient = new Open311XmlClient(`${url}/open311/v2`, jurisdiction)
})
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const step = async (id: string, action: string, payload: object = {}) => {
  const res = await app.inject({
    method: 'POST',
    url: `/api/incidents/${id}/${action}`,
    headers: { cookie: supervisorCookie },
    payload,
  })
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
}

describe('a case filed through Open311', () => {
  it('reaches the community supervisor’s live map within 2 s, as a reported case of source open311 in its grid chain', async () => {
    const supervisor: LiveClient = await clients.connect(url, supervisorCookie)
    const at = await pointInGrid('370705002001003')
    const started = performance.now()
    const reply = await client.createRequest(
      {
        service_code: 'C0101',
        lat: String(at.lat),
        long: String(at.lng),
        description: '井盖缺失，夜间危险',
        address_string: '虞河路 88 号门前',
        email: 'zhang.san@example.com',
        first_name: '三',
        last_name: '张',
        phone: '13912345678',
        device_id: 'device-7f3a',
        account_id: 'acct-4411',
      },
      { urgency: 'urgent', hazards: ['traffic', 'safety'], landmark: '公交站旁' },
    )
    expect(reply.status, reply.text).toBe(201)
    const filed = (reply.body as Requests).service_requests.request[0]!
    const caseNumber = filed.service_request_id!
    const incident = await withClient(
      async (c) =>
        (
          await c.query<{ id: string; status: string; source: string; l3: string; reporter: string }>(
            `select i.id::text, i.status, i.source, g.code l3, u.name reporter
             from incidents i join grids g on g.id = i.grid_l3_id join users u on u.id = i.reporter_id
             where i.case_number = $1`,
            [caseNumber],
          )
        ).rows[0]!,
    )
    expect(incident).toMatchObject({ status: 'reported', source: 'open311', l3: '370705002001003', reporter: '系统' })
    const live = await supervisor.next((r) => r.name === 'incident.created' && r.payload.data.id === incident.id, 2000)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(live.payload.grids).toHaveLength(3)

    // The attributes and the personal fields are kept for the street…
    const kept = await withClient(
      async (c) =>
        (
          await c.query<{ attributes: unknown; email: string; phone: string }>(
            'select attributes, email, phone from open311_requests where incident_id = $1',
            [incident.id],
          )
        ).rows[0]!,
    )
    expect(kept).toEqual({
      attributes: { urgency: 'urgent', hazards: ['traffic', 'safety'], landmark: '公交站旁' },
      email: 'zhang.san@example.com',
      phone: '13912345678',
    })
    // …and never leave in a public reply, in either format.
    for (const text of [
      (await publicClient.request(caseNumber)).text,
      (await publicClient.requests({ service_request_id: caseNumber })).text,
      (await publicClient.updates()).text,
      await (await fetch(`${url}/open311/v2/requests/${caseNumber}.json`)).text(),
    ]) {
      for (const personal of ['zhang.san', '13912345678', '张', 'device-7f3a', 'acct-4411']) {
        expect(text).not.toContain(personal)
      }
    }
  })

  it('comes back step by step through servicerequestupdates, and its status through requests', async () => {
    const at = await pointInGrid('370705002001001')
    const file = async (description: string) => {
      const reply = await client.createRequest({
        service_code: 'C0102',
        lat: String(at.lat),
        long: String(at.lng),
        description,
      })
      expect(reply.status, reply.text).toBe(201)
      const caseNumber = (reply.body as Requests).service_requests.request[0]!.service_request_id!
      const id = await withClient(
        async (c) =>
          (await c.query<{ id: string }>('select id::text from incidents where case_number = $1', [caseNumber]))
            .rows[0]!.id,
      )
      return { caseNumber, id }
    }
    const dispatched = await file('路灯整夜不亮')
    const rejected = await file('路灯杆倾斜')
    const department = await withClient(
      async (c) =>
        (await c.query<{ id: number; name: string }>('select id, name from departments order by id limit 1')).rows[0]!,
    )
    await step(dispatched.id, 'register')
    await step(dispatched.id, 'dispatch', { departmentId: department.id })
    await step(rejected.id, 'reject', { reason: '已由供电公司处理，不属于本街道' })

    const updates = await publicClient.updates({ start_date: new Date(Date.now() - 60_000).toISOString() })
    expect(updates.status).toBe(200)
    const all = (updates.body as Updates).service_requests_updates
    const stepsOf = (caseNumber: string) =>
      (all === '' ? [] : all.request_update.filter((u) => u.service_request_id === caseNumber)).map((u) => [
        u.status,
        u.description,
      ])
    expect(stepsOf(dispatched.caseNumber)).toEqual([
      ['open', '事件已上报'],
      ['investigating', '已立案'],
      ['action_scheduled', '已派遣至处置单位'],
    ])
    expect(stepsOf(rejected.caseNumber)).toEqual([
      ['open', '事件已上报'],
      ['no_further_action', '经核实不予立案'],
    ])
    // Step notes (the rejection's reason) are the street's own words, not the public's.
    expect(updates.text).not.toContain('供电公司')

    const open = (await publicClient.request(dispatched.caseNumber)).body as Requests
    expect(open.service_requests.request[0]).toMatchObject({
      status: 'open',
      status_notes: '已派遣至处置单位',
      agency_responsible: department.name,
    })
    expect(open.service_requests.request[0]!.expected_datetime).toMatch(/\+08:00$/)
    const closed = (await publicClient.request(rejected.caseNumber)).body as Requests
    expect(closed.service_requests.request[0]).toMatchObject({ status: 'closed', status_notes: '经核实不予立案' })
    const closedList = (await publicClient.requests({ status: 'closed', service_code: 'C0102' })).body as Requests
    expect(closedList.service_requests.request.map((r) => r.service_request_id)).toContain(rejected.caseNumber)
    expect(closedList.service_requests.request.map((r) => r.service_request_id)).not.toContain(dispatched.caseNumber)
  })

  it('lists among the street’s cases by its source, for the case desk', async () => {
    const at = await pointInGrid('370705002001001')
    const reply = await client.createRequest({
      service_code: 'C0101',
      lat: String(at.lat),
      long: String(at.lng),
      description: '来源筛选测试',
    })
    const caseNumber = (reply.body as Requests).service_requests.request[0]!.service_request_id!
    const list = await app.inject({
      url: '/api/incidents?source=open311&limit=200',
      headers: { cookie: supervisorCookie },
    })
    expect(list.statusCode, list.body).toBe(200)
    const items = list.json<{ items: { caseNumber: string }[] }>().items
    expect(items.map((i) => i.caseNumber)).toContain(caseNumber)
    const workers = await app.inject({
      url: '/api/incidents?source=worker&limit=200',
      headers: { cookie: supervisorCookie },
    })
    expect(workers.json<{ items: { caseNumber: string }[] }>().items.map((i) => i.caseNumber)).not.toContain(caseNumber)
  })

  it('is placed by an address naming one of the street’s grids when it has no lat/long', async () => {
    const reply = await client.createRequest({
      service_code: 'C0101',
      address_string: '樱园社区001网格 东门口',
      description: '井盖松动',
    })
    expect(reply.status, reply.text).toBe(201)
    const caseNumber = (reply.body as Requests).service_requests.request[0]!.service_request_id!
    const l3 = await withClient(
      async (c) =>
        (
          await c.query<{ name: string }>(
            'select g.name from incidents i join grids g on g.id = i.grid_l3_id where i.case_number = $1',
            [caseNumber],
          )
        ).rows[0]!.name,
    )
    expect(l3).toBe('樱园社区001网格')
  })

  it('a token names the request it stands for', async () => {
    const at = await pointInGrid('370705002001001')
    const reply = await client.createRequest({ service_code: 'C0101', lat: String(at.lat), long: String(at.lng) })
    const filed = (reply.body as Requests).service_requests.request[0]!
    const byToken = (await publicClient.token(filed.token!)).body as Requests
    expect(byToken.service_requests.request).toEqual([
      { service_request_id: filed.service_request_id, token: filed.token },
    ])
  })
})

// The admin's key for the other tests is issued through the same route the page uses.
void issueKey

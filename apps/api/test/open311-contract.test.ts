import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, type SignedInApp } from './helper.ts'
import { expectXmlMatchesJson, rootOf } from './open311/compare.ts'
import { expectSchema, form, issueKey, streetCode } from './open311/fixtures.ts'
import {
  discoverySchema,
  errorsSchema,
  oneServiceRequestSchema,
  postRequestSchema,
  serviceDefinitionSchema,
  serviceRequestsSchema,
  servicesSchema,
  tokenSchema,
  updatesSchema,
} from './open311/schemas.ts'
import { parseOpen311Xml } from './open311/xml-client.ts'

// Every Open311 resource in both formats: the JSON against the JSON Schemas written from the spec
// (open311/schemas.ts), the XML parsed and compared with the JSON field by field (open311/compare.ts).

let admin: SignedInApp
let jurisdiction: string
let filed: { service_request_id: string; token: string }

const get = (url: string) => admin.app.inject({ method: 'GET', url: `/open311/v2/${url}` })

/** Fetches a resource as .json and .xml; checks the JSON's schema and that the XML says the same under `root`. */
async function bothFormats(path: string, query: string, schema: object, root: string, status = 200) {
  const json = await get(`${path}.json${query}`)
  const xml = await get(`${path}.xml${query}`)
  expect(json.statusCode, json.body).toBe(status)
  expect(xml.statusCode, xml.body).toBe(status)
  expect(json.headers['content-type']).toMatch(/^application\/json/)
  expect(xml.headers['content-type']).toMatch(/^text\/xml/)
  expect(xml.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true)
  const body = json.json<unknown>()
  expectSchema(schema, body)
  expectXmlMatchesJson(body, rootOf(parseOpen311Xml(xml.body), root), root)
  return body
}

let filedSince: string
beforeAll(async () => {
  admin = await signedInApp(DEMO.admin)
  jurisdiction = await streetCode()
  const { key } = await issueKey(admin)
  const at = await pointInGrid('370705002001001')
  filedSince = new Date(Date.now() - 1000).toISOString()
  const res = await admin.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    ...form({
      api_key: key,
      jurisdiction_id: jurisdiction,
      service_code: 'C0101',
      lat: String(at.lat),
      long: String(at.lng),
      description: '契约测试：井盖松动',
      'attribute[urgency]': 'urgent',
    }),
  })
  expect(res.statusCode, res.body).toBe(201)
  filed = res.json<{ service_request_id: string; token: string }[]>()[0]!
})
afterAll(() => admin.close())

describe('every Open311 resource, as JSON (schema) and XML (the same fields)', () => {
  it('discovery names the GeoReport v2 endpoint in both formats', async () => {
    const d = (await bothFormats('discovery', '', discoverySchema, 'discovery')) as { endpoints: { url: string }[] }
    expect(d.endpoints[0]!.url).toMatch(/\/open311\/v2$/)
  })

  it('services lists one service per sub-category, with its group', async () => {
    const services = (await bothFormats(
      'services',
      `?jurisdiction_id=${jurisdiction}`,
      servicesSchema,
      'services',
    )) as {
      service_code: string
      group: string
    }[]
    expect(services.find((s) => s.service_code === 'C0101')?.group).toBe('公用设施')
    expect(services.every((s) => /^[EC]\d{4}$/.test(s.service_code))).toBe(true)
  })

  it('a service definition lists its attributes with every datatype it uses', async () => {
    const def = (await bothFormats('services/C0101', '', serviceDefinitionSchema, 'service_definition')) as {
      attributes: { datatype: string }[]
    }
    expect(new Set(def.attributes.map((a) => a.datatype))).toEqual(
      new Set(['singlevaluelist', 'multivaluelist', 'string', 'datetime']),
    )
  })

  it('POST requests answers the new request in both formats', async () => {
    const { key } = await issueKey(admin)
    const at = await pointInGrid('370705002001002')
    const fields = {
      api_key: key,
      jurisdiction_id: jurisdiction,
      service_code: 'C0102',
      lat: String(at.lat),
      long: String(at.lng),
      description: '路灯不亮',
    }
    const json = await admin.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...form(fields) })
    const xml = await admin.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', ...form(fields) })
    expect([json.statusCode, xml.statusCode]).toEqual([201, 201])
    const body = json.json<{ service_request_id: string }[]>()
    expectSchema(postRequestSchema, body)
    const parsed = rootOf(parseOpen311Xml(xml.body), 'service_requests') as { request: Record<string, string>[] }
    // Two requests, two ids: the XML's is another case, so compare its shape, then its own id's reads.
    expect(Object.keys(parsed.request[0]!).sort()).toEqual(Object.keys(body[0]!).sort())
    expect(parsed.request[0]!.service_request_id).not.toBe(body[0]!.service_request_id)
  })

  it('GET requests, one request and a token answer in both formats', async () => {
    const list = (await bothFormats('requests', `?service_code=C0101`, serviceRequestsSchema, 'service_requests')) as {
      service_request_id: string
    }[]
    expect(list.map((r) => r.service_request_id)).toContain(filed.service_request_id)
    const one = (await bothFormats(
      `requests/${filed.service_request_id}`,
      '',
      oneServiceRequestSchema,
      'service_requests',
    )) as { service_request_id: string; status: string }[]
    expect(one[0]).toMatchObject({ service_request_id: filed.service_request_id, status: 'open' })
    const token = await bothFormats(`tokens/${filed.token}`, '', tokenSchema, 'service_requests')
    expect(token).toEqual([{ service_request_id: filed.service_request_id, token: filed.token }])
  })

  it('servicerequestupdates answers each step in both formats', async () => {
    // Updates come oldest first up to a limit, as a consumer reads them on from its last start_date: from the
    // filing on, so other files' steps earlier in the run cannot push this one past the limit.
    const since = `?start_date=${encodeURIComponent(filedSince)}`
    const updates = (await bothFormats('servicerequestupdates', since, updatesSchema, 'service_requests_updates')) as {
      service_request_id: string
      status: string
    }[]
    expect(updates.filter((u) => u.service_request_id === filed.service_request_id)).toEqual([
      expect.objectContaining({ status: 'open' }),
    ])
  })

  it('errors come in the spec form in both formats: an unknown service, request and path', async () => {
    await bothFormats('services/C9999', '', errorsSchema, 'errors', 404)
    await bothFormats('requests/DY-19700101-0001', '', errorsSchema, 'errors', 404)
    await bothFormats('no-such-resource', '', errorsSchema, 'errors', 404)
    await bothFormats('requests', '?status=pending', errorsSchema, 'errors', 400)
  })
})

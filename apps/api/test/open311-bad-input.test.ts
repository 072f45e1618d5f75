import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import { DEMO, pointInGrid, signedInApp, type SignedInApp } from './helper.ts'
import { expectSchema, form, issueKey, streetCode, writtenRows } from './open311/fixtures.ts'
import { errorsSchema } from './open311/schemas.ts'
import { parseOpen311Xml } from './open311/xml-client.ts'

// Every malformed Open311 request answers a 4xx in the spec's error format — [{ code, description }] for .json,
// <errors><error><code/><description/></error></errors> for .xml — with the HTTP status as its code, and writes
// nothing: no incident, history, Open311 row, event or key.

let admin: SignedInApp
let key: string
let jurisdiction: string
let inside: { lat: string; long: string }

beforeAll(async () => {
  admin = await signedInApp(DEMO.admin)
  key = (await issueKey(admin, { rateLimitPerMinute: 6000 })).key
  jurisdiction = await streetCode()
  const p = await pointInGrid('370705002001001')
  inside = { lat: String(p.lat), long: String(p.lng) }
})
afterAll(() => admin.close())

type Case = [name: string, status: number, request: (format: 'json' | 'xml') => InjectOptions]

const post = (fields: Record<string, string | string[]>) => (format: string) => ({
  method: 'POST' as const,
  url: `/open311/v2/requests.${format}`,
  ...form(fields),
})
const valid = () => ({ api_key: key, service_code: 'C0101', ...inside, description: '合法的请求' })
const without = (field: string) => {
  const fields: Record<string, string> = valid()
  delete fields[field]
  return fields
}
const get = (path: string) => (format: string) => ({
  method: 'GET' as const,
  url: `/open311/v2/${path.replace('{f}', format)}`,
})

const CASES: Case[] = [
  ['POST without api_key', 400, (f) => post(without('api_key'))(f)],
  ['POST with no fields at all', 400, (f) => ({ method: 'POST', url: `/open311/v2/requests.${f}`, ...form({}) })],
  [
    'POST as JSON instead of a form',
    415,
    (f) => ({ method: 'POST', url: `/open311/v2/requests.${f}`, payload: valid() }),
  ],
  ['POST an unknown service', 404, (f) => post({ ...valid(), service_code: 'E9999' })(f)],
  ['POST a malformed service_code', 400, (f) => post({ ...valid(), service_code: 'pothole' })(f)],
  ['POST lat without long', 400, (f) => post(without('long'))(f)],
  ['POST a latitude past 90', 400, (f) => post({ ...valid(), lat: '91' })(f)],
  ['POST a latitude that is no number', 400, (f) => post({ ...valid(), lat: '三十六' })(f)],
  ['POST a point outside the street', 400, (f) => post({ ...valid(), lat: '39.9042', long: '116.4074' })(f)],
  ['POST no location at all', 400, (f) => post({ api_key: key, service_code: 'C0101', description: '没有位置' })(f)],
  [
    'POST an address naming no grid of the street',
    400,
    (f) => post({ api_key: key, service_code: 'C0101', address_string: '北京市东城区景山前街 4 号' })(f),
  ],
  ['POST another jurisdiction', 404, (f) => post({ ...valid(), jurisdiction_id: '110101001' })(f)],
  ['POST a NUL byte in the description', 400, (f) => post({ ...valid(), description: '井盖\u0000缺失' })(f)],
  ['POST a description past 2,000 characters', 400, (f) => post({ ...valid(), description: '长'.repeat(2001) })(f)],
  ['POST an unknown attribute', 400, (f) => post({ ...valid(), 'attribute[colour]': 'red' })(f)],
  ['POST a value not in a single-value list', 400, (f) => post({ ...valid(), 'attribute[urgency]': 'panic' })(f)],
  [
    'POST two values for a single-value list',
    400,
    (f) => post({ ...valid(), 'attribute[urgency]': ['normal', 'urgent'] })(f),
  ],
  [
    'POST a datetime attribute that is no time',
    400,
    (f) => post({ ...valid(), 'attribute[observed_at]': 'yesterday' })(f),
  ],
  ['POST a field the spec does not have', 400, (f) => post({ ...valid(), priority: 'high' })(f)],
  ['POST the description twice', 400, (f) => post({ ...valid(), description: ['一', '二'] })(f)],
  ['POST a media_url that is no web address', 400, (f) => post({ ...valid(), media_url: 'javascript:alert(1)' })(f)],
  ['POST a key that was never issued', 403, (f) => post({ ...valid(), api_key: 'not-a-key' })(f)],
  ['POST a form past 64 KB', 413, (f) => post({ ...valid(), device_id: 'x'.repeat(70_000) })(f)],
  [
    'GET requests from after to before',
    400,
    get('requests.{f}?start_date=2026-11-02T00:00:00%2B08:00&end_date=2026-11-01T00:00:00%2B08:00'),
  ],
  ['GET requests with a date that is no date', 400, get('requests.{f}?start_date=2026-13-45')],
  ['GET requests with a status the spec has not', 400, get('requests.{f}?status=pending')],
  ['GET requests with a NUL in the ids', 400, get('requests.{f}?service_request_id=DY%00-1')],
  ['GET requests with an unknown parameter', 400, get('requests.{f}?page=2')],
  ['GET a request id past 40 characters', 400, get(`requests/${'D'.repeat(41)}.{f}`)],
  ['GET a request that does not exist', 404, get('requests/DY-19700101-0001.{f}')],
  ['GET a token that is no token', 404, get('tokens/abc.{f}')],
  [
    'GET updates from after to before',
    400,
    get('servicerequestupdates.{f}?start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z'),
  ],
  ['GET services of another jurisdiction', 404, get('services.{f}?jurisdiction_id=110101001')],
  ['GET a path the server does not have', 404, get('requests/DY-1/notes.{f}')],
]

describe('malformed Open311 requests', () => {
  for (const [name, status, request] of CASES) {
    it(`${name}: ${status} in the spec’s error format, nothing written`, async () => {
      for (const format of ['json', 'xml'] as const) {
        const before = await writtenRows()
        const res = await admin.app.inject(request(format))
        expect(res.statusCode, `${format}: ${res.body}`).toBe(status)
        if (format === 'json') {
          const body = res.json<{ code: number }[]>()
          expectSchema(errorsSchema, body)
          expect(body[0]!.code).toBe(status)
        } else {
          expect(res.headers['content-type']).toMatch(/^text\/xml/)
          const xml = parseOpen311Xml(res.body) as { errors: { error: { code: string; description: string }[] } }
          expect(xml.errors.error).toHaveLength(1)
          expect(xml.errors.error[0]!.code).toBe(String(status))
          expect(xml.errors.error[0]!.description.length).toBeGreaterThan(0)
        }
        expect(await writtenRows()).toEqual(before)
      }
    })
  }

  it('a format the server does not speak is a 400 in JSON', async () => {
    const res = await admin.app.inject('/open311/v2/services.yaml')
    expect(res.statusCode).toBe(400)
    expectSchema(errorsSchema, res.json())
  })

  it('the same request, well formed, is filed (the cases above fail for their own fault)', async () => {
    const res = await admin.app.inject({ ...post({ ...valid(), jurisdiction_id: jurisdiction })('json') })
    expect(res.statusCode, res.body).toBe(201)
  })
})

import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { form, issueKey, writtenRows } from './open311/fixtures.ts'

// The admins' Open311 API keys: shown once, stored as a hash, revocable, limited to their services and rate, and
// every use — taken or refused — in the audit log.

let admin: SignedInApp
let manager: SignedInApp
let point: { lng: number; lat: number }

beforeAll(async () => {
  admin = await signedInApp(DEMO.admin)
  manager = await signedInApp(DEMO.manager)
  point = await pointInGrid('370705002001001')
})
afterAll(async () => {
  await admin.close()
  await manager.close()
})

const file = (key: string, serviceCode = 'C0101', format = 'json') =>
  admin.app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    ...form({
      api_key: key,
      service_code: serviceCode,
      lat: String(point.lat),
      long: String(point.lng),
      description: '密钥测试',
    }),
  })

const auditOf = (keyId: number) =>
  withClient(
    async (c) =>
      (
        await c.query<{
          action: string
          after: { resource?: string; reason?: string } | null
          actor_id: number | null
        }>(
          `select action, after, actor_id from audit_log where entity = 'open311_key' and entity_id = $1 order by id`,
          [String(keyId)],
        )
      ).rows,
  )

describe('Open311 API keys', () => {
  it('shows a new key once and stores only its hash', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/open311/keys',
      payload: { name: '12345 政务平台', services: ['C0101', 'C0102'], rateLimitPerMinute: 30 },
    })
    expect(res.statusCode, res.body).toBe(201)
    const { key, record } = res.json<{ key: string; record: { id: number; keyPrefix: string; services: string[] } }>()
    expect(key).toMatch(/^wg311_[0-9a-f]{64}$/)
    expect(record).toMatchObject({ keyPrefix: key.slice(6, 14), services: ['C0101', 'C0102'], revokedAt: null })
    const stored = await withClient(
      async (c) => (await c.query('select * from open311_api_keys where id = $1', [record.id])).rows[0] as object,
    )
    expect(JSON.stringify(stored)).not.toContain(key.slice(6))
    expect(stored).toMatchObject({ key_hash: createHash('sha256').update(key).digest('hex') })
    // The list never shows it again.
    const list = await admin.inject('/api/open311/keys')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(key.slice(6))
    expect(list.json<{ id: number }[]>().map((k) => k.id)).toContain(record.id)
  })

  it('refuses a revoked key with 403 in the spec’s form, and audits the issue, each use and the refusal', async () => {
    const { key, id } = await issueKey(admin)
    expect((await file(key)).statusCode).toBe(201)
    const revoked = await admin.inject({ method: 'POST', url: `/api/open311/keys/${id}/revoke` })
    expect(revoked.statusCode, revoked.body).toBe(200)
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).toMatch(/\+08:00$/)
    const before = await writtenRows()
    const refused = await file(key)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toEqual([{ code: 403, description: expect.stringContaining('吊销') }])
    expect(await writtenRows()).toEqual(before)
    expect((await auditOf(id)).map((a) => [a.action, a.after?.resource ?? null, a.after?.reason ?? null])).toEqual([
      ['open311_key.create', null, null],
      ['open311_key.use', 'requests.post', null],
      ['open311_key.revoke', null, null],
      ['open311_key.refused', 'requests.post', 'revoked'],
    ])
  })

  it('files only the services a key is allowed', async () => {
    const { key, id } = await issueKey(admin, { services: ['C0102'] })
    const before = await writtenRows()
    const res = await file(key, 'C0101', 'xml')
    expect(res.statusCode).toBe(403)
    expect(res.body).toContain('<errors><error><code>403</code><description>')
    expect(await writtenRows()).toEqual(before)
    expect((await file(key, 'C0102')).statusCode).toBe(201)
    expect((await auditOf(id)).map((a) => a.after?.reason ?? a.action)).toEqual([
      'open311_key.create',
      'service_not_allowed',
      'open311_key.use',
    ])
  })

  it('holds each key to its own rate a minute, answering 429 with Retry-After', async () => {
    const { key: slow } = await issueKey(admin, { rateLimitPerMinute: 2 })
    const { key: other } = await issueKey(admin, { rateLimitPerMinute: 2 })
    expect((await file(slow)).statusCode).toBe(201)
    expect((await file(slow)).statusCode).toBe(201)
    const before = await writtenRows()
    const limited = await file(slow)
    expect(limited.statusCode).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.json()).toEqual([{ code: 429, description: expect.any(String) }])
    expect(await writtenRows()).toEqual(before)
    // Reads with the key count too; another key has its own budget.
    expect((await admin.app.inject(`/open311/v2/services.json?api_key=${slow}`)).statusCode).toBe(429)
    expect((await file(other)).statusCode).toBe(201)
  })

  it('is an unknown key when it was never issued, and reads with a key are audited as uses', async () => {
    const unknown = await file(`wg311_${'0'.repeat(64)}`)
    expect(unknown.statusCode).toBe(403)
    const { key, id } = await issueKey(admin)
    expect((await admin.app.inject(`/open311/v2/requests.json?api_key=${key}`)).statusCode).toBe(200)
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: 'open311_key.use',
      actor_id: null,
      after: { resource: 'requests' },
    })
  })

  it('is for admins only, and refuses unknown services and bad limits with 400', async () => {
    expect((await manager.inject('/api/open311/keys')).statusCode).toBe(403)
    const keysBefore = (await writtenRows()).keys
    expect(
      (
        await manager.inject({
          method: 'POST',
          url: '/api/open311/keys',
          payload: { name: '越权', services: null, rateLimitPerMinute: 10 },
        })
      ).statusCode,
    ).toBe(403)
    for (const payload of [
      { name: '未知服务', services: ['E9999'], rateLimitPerMinute: 10 },
      { name: '限额为零', services: null, rateLimitPerMinute: 0 },
      { name: '', services: null, rateLimitPerMinute: 10 },
      { name: 'NUL\u0000', services: null, rateLimitPerMinute: 10 },
      { name: '重复服务', services: ['C0101', 'C0101'], rateLimitPerMinute: 10 },
    ]) {
      const res = await admin.inject({ method: 'POST', url: '/api/open311/keys', payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
    }
    expect((await writtenRows()).keys).toBe(keysBefore)
    expect((await admin.inject({ method: 'POST', url: '/api/open311/keys/2147483647/revoke' })).statusCode).toBe(404)
    expect((await admin.inject({ method: 'POST', url: '/api/open311/keys/2147483648/revoke' })).statusCode).toBe(400)
  })
})

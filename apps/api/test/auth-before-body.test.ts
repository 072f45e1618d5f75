import { afterAll, describe, expect, it } from 'vitest'
import { buildTestApp, DEMO, multipart, signIn } from './helper.ts'

const appPromise = buildTestApp()
afterAll(async () => (await appPromise).close())

/** Not JSON at all: a route that parsed it would answer 400, so a 401/403 proves the body was never parsed. */
const notJson = (bytes: number) => Buffer.alloc(bytes, 'x')

describe('the caller is known before the body is read', () => {
  it('refuses an anonymous 40 MB grid import with 401, without parsing it', async () => {
    const app = await appPromise
    const started = Date.now()
    const res = await app.inject({
      method: 'POST',
      url: '/api/grids/import',
      payload: notJson(40 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('keeps /api/health quick while four anonymous 40 MB imports arrive at once', async () => {
    const app = await appPromise
    const body = Buffer.from(
      JSON.stringify({ type: 'FeatureCollection', features: [], pad: 'x'.repeat(40 * 1024 * 1024) }),
    )
    const imports = Array.from({ length: 4 }, () =>
      app.inject({
        method: 'POST',
        url: '/api/grids/import',
        payload: body,
        headers: { 'content-type': 'application/json' },
      }),
    )
    const started = Date.now()
    const health = await app.inject('/api/health')
    const healthMs = Date.now() - started
    expect((await Promise.all(imports)).map((r) => r.statusCode)).toEqual([401, 401, 401, 401])
    expect(health.statusCode).toBe(200)
    expect(healthMs).toBeLessThan(1_000)
  })

  it("refuses a worker's grid import with 403 before parsing it (the large limit is for admins only)", async () => {
    const app = await appPromise
    const cookie = await signIn(app, DEMO.worker)
    const res = await app.inject({
      method: 'POST',
      url: '/api/grids/import',
      payload: notJson(2 * 1024 * 1024),
      headers: { cookie, 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN' })
  })

  it('refuses a role not named by a multipart route before reading the form', async () => {
    const app = await appPromise
    const cookie = await signIn(app, DEMO.manager)
    // A form that is cut off mid-part: reading it would fail with 400.
    const broken = {
      payload: Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated'),
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    }
    const asManager = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...broken,
      headers: { ...broken.headers, cookie },
    })
    expect(asManager.statusCode).toBe(403)
    const anonymous = await app.inject({ method: 'POST', url: '/api/incidents', ...broken })
    expect(anonymous.statusCode).toBe(401)
  })

  it('keeps JSON bodies to 1 MB on ordinary routes, even for an admin', async () => {
    const app = await appPromise
    const cookie = await signIn(app, DEMO.admin)
    const big = JSON.stringify({
      name: 'x'.repeat(1024 * 1024 + 10),
      phone: '13900000000',
      password: 'x',
      role: 'worker',
    })
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      payload: big,
      headers: { cookie, 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(413)
  })

  it("still reads an admin's grid import larger than 1 MB", async () => {
    const app = await appPromise
    const cookie = await signIn(app, DEMO.admin)
    // Valid JSON of 2 MB that the schema refuses: 400 shows it was read and validated, not cut at 1 MB.
    const res = await app.inject({
      method: 'POST',
      url: '/api/grids/import',
      payload: JSON.stringify({ type: 'Nope', pad: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { cookie, 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(400)
  })

  it("leaves a worker's own multipart route open to them", async () => {
    const app = await appPromise
    const cookie = await signIn(app, DEMO.worker)
    const form = multipart({ clientId: 'not-a-uuid' })
    const res = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: form.payload,
      headers: { ...form.headers, cookie },
    })
    expect(res.statusCode).toBe(400)
  })
})

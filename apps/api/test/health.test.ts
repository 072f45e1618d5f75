import { afterAll, describe, expect, it } from 'vitest'
import { buildTestApp, DEMO, signedInApp, signIn } from './helper.ts'

describe('GET /api/health (liveness) and /api/health/ready (readiness)', () => {
  it('answer 200 with the database reachable', async () => {
    const app = await buildTestApp()
    const alive = await app.inject('/api/health')
    expect(alive.statusCode).toBe(200)
    expect(alive.json()).toEqual({ status: 'ok' })
    const ready = await app.inject('/api/health/ready')
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ok', database: true })
    await app.close()
  })

  it('with the database unreachable: alive (200), not ready (503 with Retry-After), an API route 503 DATABASE_UNAVAILABLE', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused.
    const app = await buildTestApp({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })
    const alive = await app.inject('/api/health')
    expect(alive.statusCode).toBe(200)
    expect(alive.json()).toEqual({ status: 'ok' })
    const ready = await app.inject('/api/health/ready')
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toEqual({ status: 'unavailable', database: false })
    expect(ready.headers['retry-after']).toMatch(/^\d+$/)
    // A signed-in user's request needs its session, read from the database (the cookie is signed with the same secret).
    const reachable = await buildTestApp()
    const cookie = await signIn(reachable, DEMO.worker)
    await reachable.close()
    const res = await app.inject({ url: '/api/incidents', headers: { cookie } })
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: DEMO.worker, password: 'Wangge@2026x' },
    })
    for (const r of [res, login]) {
      expect(r.statusCode, r.body).toBe(503)
      expect(r.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' })
      expect(r.headers['retry-after']).toMatch(/^\d+$/)
    }
    await app.close()
  })
})

describe('conventions', () => {
  const appPromise = signedInApp(DEMO.worker)
  afterAll(async () => (await appPromise).close())

  it('serves the OpenAPI document with the grid routes', async () => {
    const app = await appPromise
    const res = await app.inject('/api/docs/json')
    expect(res.statusCode).toBe(200)
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/grids',
        '/api/grids/locate',
        '/api/grids/{id}',
        '/api/grids/import',
        '/api/grids/export',
      ]),
    )
  })

  it('answers an unknown API path with the error shape: 404 signed in, 401 anonymous', async () => {
    const app = await appPromise
    const res = await app.inject('/api/nothing-here')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' })
    const anonymous = await app.app.inject('/api/nothing-here')
    expect(anonymous.statusCode).toBe(401)
  })
})

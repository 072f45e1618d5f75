import { afterAll, describe, expect, it } from 'vitest'
import { buildTestApp, DEMO, signedInApp } from './helper.ts'

describe('GET /api/health', () => {
  it('answers 200 with the database reachable', async () => {
    const app = await buildTestApp()
    const res = await app.inject('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: true })
    await app.close()
  })

  it('answers 503 when the database is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so the pool's first query fails.
    const app = await buildTestApp({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })
    const res = await app.inject('/api/health')
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ status: 'unavailable', database: false })
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
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/grids', '/api/grids/locate', '/api/grids/{id}', '/api/grids/import', '/api/grids/export']))
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

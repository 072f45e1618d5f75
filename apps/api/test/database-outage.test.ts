import { createServer, type Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { buildTestApp, databaseUrl, DEMO, pointInGrid, signedInApp, signIn, type SignedInApp } from './helper.ts'
import {
  fileReportsRetrying,
  incidentsPerClientId,
  sendOverHttp,
  sleep,
  startServerProcess,
  terminateBackends,
  timeUntil,
  type Answer,
  type ServerProcess,
} from './database-faults.ts'

// pg_terminate_backend is PostgreSQL's; the embedded database is one PGlite backend inside the test process.
const onRealDatabase = !inject('embeddedDatabase')
if (!onRealDatabase)
  console.warn(
    'database-outage.test.ts: the pg_terminate_backend tests are skipped on the embedded database (one PGlite backend inside the test process)',
  )
const CELL = '370705002001001'

/** Errors nobody handled, in this test process: an unhandled 'error' event of a pool or client lands here. */
const unhandled: unknown[] = []
const record = (err: unknown) => unhandled.push(err)
beforeAll(() => {
  process.on('uncaughtException', record)
  process.on('unhandledRejection', record)
})
afterAll(() => {
  process.off('uncaughtException', record)
  process.off('unhandledRejection', record)
})

/** Every failed attempt was the database's 503, said at once and with a time to retry — never a 500 or a hang. */
function expectOnlyQuickUnavailable(failures: Answer[]) {
  for (const f of failures) {
    expect(f, JSON.stringify(f)).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      retryAfter: expect.stringMatching(/^\d+$/),
    })
    expect(f.ms).toBeLessThan(2000)
  }
}

describe.skipIf(!onRealDatabase)('every backend of the app terminated (pg_terminate_backend)', () => {
  let worker: SignedInApp
  beforeAll(async () => {
    worker = await signedInApp(DEMO.worker)
  })
  afterAll(() => worker?.close())

  const ready = async () => (await worker.app.inject('/api/health/ready')).statusCode === 200

  it('on an idle server: nothing is thrown, and it serves again within 5 s', async () => {
    expect((await worker.inject('/api/incidents?limit=1')).statusCode).toBe(200)
    expect(await terminateBackends(databaseUrl())).toBeGreaterThan(0)
    // The idle connections learn of their end from the socket, between requests.
    await sleep(300)
    expect(await timeUntil(ready, 5000)).toBeLessThan(5000)
    expect((await worker.inject('/api/incidents?limit=1')).statusCode).toBe(200)
    expect(unhandled).toEqual([])
  })

  it('while a client files 300 reports: each is filed exactly once, the app keeps answering', async () => {
    const here = await pointInGrid(CELL)
    const send = async (form: Parameters<Parameters<typeof fileReportsRetrying>[0]>[0]): Promise<Answer> => {
      const started = Date.now()
      const res = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
      return {
        status: res.statusCode,
        code: res.json<{ code?: string }>().code,
        retryAfter: res.headers['retry-after']?.toString(),
        ms: Date.now() - started,
      }
    }
    const kills: Promise<number>[] = []
    const recoveries: Promise<number>[] = []
    const { clientIds, failures } = await fileReportsRetrying(send, here, {
      count: 300,
      concurrency: 8,
      during: (filed) => {
        if (filed === 60 || filed === 180) {
          const kill = terminateBackends(databaseUrl())
          kills.push(kill)
          // Ready again within 5 s of the kill, while the reports keep coming.
          recoveries.push(kill.then(() => timeUntil(ready, 5000)))
        }
      },
    })
    expect((await Promise.all(kills)).every((n) => n > 0)).toBe(true)
    for (const ms of await Promise.all(recoveries)) expect(ms).toBeLessThan(5000)
    const perClientId = await incidentsPerClientId(databaseUrl(), clientIds)
    expect(clientIds.filter((id) => perClientId.get(id) !== 1)).toEqual([])
    expectOnlyQuickUnavailable(failures)
    expect(await ready()).toBe(true)
    expect(unhandled).toEqual([])
  })
})

describe.skipIf(!onRealDatabase)('the real server process, its backends terminated', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess(databaseUrl())
  }, 90_000)
  afterAll(() => server?.stop())

  it('never exits: idle, then while reports are filed over HTTP; each is filed once and it serves within 5 s', async () => {
    const cookie = await server.signIn(DEMO.worker)
    const ready = async () => (await fetch(`${server.url}/api/health/ready`)).status === 200

    await terminateBackends(databaseUrl())
    await sleep(500)
    expect(server.exited(), server.output()).toBeNull()
    expect(await timeUntil(ready, 5000)).toBeLessThan(5000)

    const here = await pointInGrid(CELL)
    const kills: Promise<number>[] = []
    const { clientIds, failures } = await fileReportsRetrying(sendOverHttp(server.url, cookie), here, {
      count: 100,
      concurrency: 8,
      during: (filed) => {
        if (filed === 30) kills.push(terminateBackends(databaseUrl()))
      },
    })
    expect(await Promise.all(kills)).toEqual([expect.any(Number)])
    expect(server.exited(), server.output()).toBeNull()
    const perClientId = await incidentsPerClientId(databaseUrl(), clientIds)
    expect(clientIds.filter((id) => perClientId.get(id) !== 1)).toEqual([])
    expectOnlyQuickUnavailable(failures)
    expect(await ready()).toBe(true)
    expect(server.exited()).toBeNull()
  })
})

describe('a database server that accepts connections and never answers (a host gone silent)', () => {
  it('answers 503 DATABASE_UNAVAILABLE within 2 s instead of hanging', async () => {
    const held = new Set<Socket>()
    const silent = createServer((socket) => void held.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as { port: number }
    // A cookie signed with the test secret, so the request must read its session from the (silent) database.
    const reachable = await buildTestApp()
    const cookie = await signIn(reachable, DEMO.worker)
    await reachable.close()
    // As a real server's app (embedded: false): the embedded database lives in-process and cannot go silent.
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'wangge-test-session-secret-0123456789abcdef',
      DATA_DIR: path.join(os.tmpdir(), 'wangge-silent-db'),
    })
    const app = await buildApp({
      config,
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/wangge`,
      embedded: false,
      logger: false,
    })
    try {
      for (const request of [{ url: '/api/incidents?limit=1', headers: { cookie } }, { url: '/api/health/ready' }]) {
        const started = Date.now()
        const res = await app.inject(request)
        expect(res.statusCode, res.body).toBe(503)
        if (request.headers) expect(res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' })
        expect(res.headers['retry-after']).toMatch(/^\d+$/)
        expect(Date.now() - started).toBeLessThan(2000)
      }
    } finally {
      await app.close()
      for (const socket of held) socket.destroy()
      silent.close()
    }
  })
})

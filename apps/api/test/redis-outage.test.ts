import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid } from './helper.ts'
import { sleep, timeUntil } from './database-faults.ts'
import { listeningApp, redisAvailable, REDIS_URL, report, signedInCookie } from './live-client.ts'

// Needs a Redis (127.0.0.1:6379, or TEST_REDIS_URL); the shared one is not restarted: a proxy in front of it cuts
// the adapter's connections instead, as a Redis restart would.
const withRedis = await redisAvailable()
if (!withRedis) console.warn(`redis-outage: no Redis at ${REDIS_URL}, skipped`)

const unhandled: unknown[] = []
const record = (err: unknown) => unhandled.push(err)

/** A TCP proxy to Redis whose connections the test can cut. */
async function cuttableRedis(): Promise<{ url: string; cut(): number; refuse(): void; close(): Promise<void> }> {
  const target = new URL(REDIS_URL)
  const open = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 6379), target.hostname)
    for (const s of [client, upstream]) {
      open.add(s)
      s.on('error', () => undefined)
      s.on('close', () => open.delete(s))
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `redis://127.0.0.1:${port}`,
    /** From now on connections are refused, as by a Redis that is down, until the test ends. */
    refuse() {
      server.close()
    },
    cut() {
      const n = open.size
      for (const s of open) s.destroy()
      return n
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy()
        server.close(() => resolve())
      }),
  }
}

describe.skipIf(!withRedis)('the Redis adapter losing its connections', () => {
  let proxy: Awaited<ReturnType<typeof cuttableRedis>>
  let app: FastifyInstance
  beforeAll(async () => {
    process.on('uncaughtException', record)
    process.on('unhandledRejection', record)
    proxy = await cuttableRedis()
    ;({ app } = await listeningApp({ redisUrl: proxy.url }))
  })
  afterAll(async () => {
    await app?.close()
    await proxy?.close()
    process.off('uncaughtException', record)
    process.off('unhandledRejection', record)
  })

  it('throws nothing, the app hears the errors (not the adapter\'s "missing handler" fallback), and reports are still filed', async () => {
    const worker = await signedInCookie(app, DEMO.worker)
    const warned: string[] = []
    const warn = vi
      .spyOn(console, 'warn')
      .mockImplementation((...args: unknown[]) => void warned.push(args.map(String).join(' ')))
    expect(proxy.cut()).toBeGreaterThan(0)
    await sleep(500)
    warn.mockRestore()
    expect(warned.filter((w) => w.includes("missing 'error' handler"))).toEqual([])
    expect((await app.inject('/api/health')).statusCode).toBe(200)
    // Reports publish through the adapter after their commit; a broken adapter must not fail them.
    const here = await pointInGrid('370705002001001')
    await timeUntil(async () => (await report(app, worker, here, 'Redis 断线')).length > 0, 5000)
    expect(unhandled).toEqual([])
  })

  it('with Redis gone, lets the public Open311 reads through uncounted and refuses sign-in with 503, not 500', async () => {
    // The first test's cut left the connections reconnecting: cutting one mid-handshake is node-redis's own unhandled
    // rejection ("Socket closed unexpectedly"), which server.ts logs rather than dies of. Here Redis goes away once
    // every connection is back.
    await sleep(3000)
    proxy.refuse()
    proxy.cut()
    await sleep(200)
    const read = await app.inject({ url: '/open311/v2/discovery.json', remoteAddress: '203.0.113.9' })
    expect(read.statusCode, read.body).toBe(200)
    // The sign-in throttle must not lapse (a lapse would let guesses through), so sign-in waits for Redis.
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: DEMO.worker, password: 'whatever-it-is' },
      remoteAddress: '203.0.113.9',
    })
    expect(login.statusCode, login.body).toBe(503)
    expect(Number(login.headers['retry-after'])).toBeGreaterThan(0)
    expect(unhandled).toEqual([])
  })
})

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
async function cuttableRedis(): Promise<{ url: string; cut(): number; close(): Promise<void> }> {
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
})

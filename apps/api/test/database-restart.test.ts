import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { io, type Socket } from 'socket.io-client'
import { buildTestApp, DEMO, multipart, signIn } from './helper.ts'
import { prepareDatabase } from '../src/db/prepare-database.ts'
import { sleep, timeUntil } from './database-faults.ts'
import { startTemporaryCluster, temporaryClusterUnavailable, type TemporaryCluster } from './temporary-cluster.ts'

// A second PostgreSQL cluster that the test stops and starts under a running API. The embedded database cannot be
// restarted under the app; a machine without PostgreSQL's server programs cannot make a cluster (CI has them).
const why = inject('embeddedDatabase')
  ? 'the embedded database cannot be restarted under the app'
  : temporaryClusterUnavailable()
if (why) console.warn(`database-restart.test.ts skipped: ${why}`)

/** Errors nobody handled, in this test process: an unhandled 'error' event of a pool or client lands here. */
const unhandled: unknown[] = []
const record = (err: unknown) => unhandled.push(err)

describe.skipIf(why !== null)('the database server stopped and started under a running API', () => {
  let cluster: TemporaryCluster
  let app: FastifyInstance
  let url: string
  let worker: string
  let supervisor: string
  const sockets: Socket[] = []

  beforeAll(async () => {
    process.on('uncaughtException', record)
    process.on('unhandledRejection', record)
    cluster = await startTemporaryCluster()
    await prepareDatabase(cluster.url, { seed: true })
    app = await buildTestApp({ databaseUrl: cluster.url })
    url = await app.listen({ port: 0, host: '127.0.0.1' })
    worker = await signIn(app, DEMO.worker)
    supervisor = await signIn(app, DEMO.streetSupervisor)
  }, 120_000)
  afterAll(async () => {
    for (const s of sockets) s.close()
    await app?.close()
    await cluster?.destroy()
    process.off('uncaughtException', record)
    process.off('unhandledRejection', record)
  })

  const here = { lng: 0, lat: 0 }
  const report = async () => {
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '重启测试',
      lng: String(here.lng),
      lat: String(here.lat),
      accuracy: '8',
    })
    const started = Date.now()
    const res = await app.inject({
      method: 'POST',
      url: '/api/incidents',
      ...form,
      headers: { ...form.headers, cookie: worker },
    })
    return { res, ms: Date.now() - started }
  }

  /** A live client as the web app opens one (the supervisor's, unless another cookie): it reconnects by itself, from its last seq. */
  function liveMap(lastSeq?: number, cookie = supervisor) {
    const received: { name: string; seq: number; id?: string }[] = []
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      auth: lastSeq === undefined ? {} : { lastSeq },
      extraHeaders: { cookie },
    })
    socket.onAny((name: string, payload: { seq: number; data?: { id?: string } }) =>
      received.push({ name, seq: payload.seq, id: payload.data?.id }),
    )
    sockets.push(socket)
    return { socket, received, caughtUp: () => received.find((r) => r.name === 'caughtUp') }
  }

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After within 2 s while it is down, serves within 5 s of its return; live clients stay or come back and catch up', async () => {
    const db = new pg.Client({ connectionString: cluster.url })
    await db.connect()
    const { rows } = await db.query<{ lng: number; lat: number }>(
      "select ST_X(p) lng, ST_Y(p) lat from (select ST_PointOnSurface(geom) p from grids where code = '370705002001001') x",
    )
    await db.end()
    Object.assign(here, rows[0])
    expect((await report()).res.statusCode).toBe(201)

    // One client stays connected through the outage; another was away and comes back during it, from its last seq.
    const staying = liveMap()
    const away = liveMap()
    const phone = liveMap(undefined, worker)
    await timeUntil(async () => !!staying.caughtUp() && !!away.caughtUp() && !!phone.caughtUp(), 5000, 50)
    const awaySeq = away.caughtUp()!.seq
    away.socket.close()
    const missed = (await report()).res.json<{ id: string }>().id

    await cluster.stop()
    await sleep(200)
    expect((await app.inject('/api/health')).statusCode).toBe(200)
    const ready = await app.inject('/api/health/ready')
    expect(ready.statusCode).toBe(503)
    const during = [
      await report(),
      await (async () => {
        const started = Date.now()
        const res = await app.inject({ url: '/api/incidents?limit=5', headers: { cookie: supervisor } })
        return { res, ms: Date.now() - started }
      })(),
    ]
    for (const { res, ms } of during) {
      expect(res.statusCode, res.body).toBe(503)
      expect(res.json()).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' })
      expect(res.headers['retry-after']).toMatch(/^\d+$/)
      expect(ms).toBeLessThan(2000)
    }
    // A phone's position is told why it was not taken, as its HTTP requests are.
    const ack: unknown = await phone.socket
      .timeout(3000)
      .emitWithAck('worker.position', { lat: here.lat, lng: here.lng, accuracy: 10 })
    expect(ack).toMatchObject({ ok: false, code: 'DATABASE_UNAVAILABLE' })
    const back = liveMap(awaySeq)
    await sleep(1000)
    expect(back.caughtUp()).toBeUndefined()
    expect(staying.socket.connected).toBe(true)
    expect(phone.socket.connected).toBe(true)

    await cluster.start()
    const recovered = await timeUntil(async () => (await report()).res.statusCode === 201, 5000)
    expect(recovered).toBeLessThan(5000)
    expect((await app.inject('/api/health/ready')).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/incidents?limit=5', headers: { cookie: supervisor } })).statusCode).toBe(200)

    // The client that came back during the outage kept trying, and was replayed what it missed once it could be.
    await timeUntil(async () => !!back.caughtUp(), 5000, 50)
    expect(back.received.some((r) => r.name === 'incident.created' && r.id === missed)).toBe(true)
    // The one that stayed hears the reports filed after the return.
    const after = (await report()).res.json<{ id: string }>().id
    await timeUntil(async () => staying.received.some((r) => r.name === 'incident.created' && r.id === after), 5000, 50)
    expect(unhandled).toEqual([])
  })
})

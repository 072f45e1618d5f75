import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid, withClient } from './helper.ts'
import {
  connected,
  listeningApp,
  liveClient,
  redisAvailable,
  REDIS_URL,
  report,
  signedInCookie,
  type LiveClient,
} from './live-client.ts'

// Needs a Redis (127.0.0.1:6379, or TEST_REDIS_URL); a machine with only Node.js skips this file, and says so.
const withRedis = await redisAvailable()
if (!withRedis) console.warn(`realtime-redis: no Redis at ${REDIS_URL}, two-instance test skipped`)

describe.skipIf(!withRedis)('two API instances on one Redis', () => {
  let a: { app: FastifyInstance; url: string }
  let b: { app: FastifyInstance; url: string }
  const clients: LiveClient[] = []

  beforeAll(async () => {
    a = await listeningApp({ redisUrl: REDIS_URL })
    b = await listeningApp({ redisUrl: REDIS_URL })
  })
  afterAll(async () => {
    for (const c of clients) c.close()
    await Promise.all([a.app.close(), b.app.close()])
  })

  it('a report made through instance A reaches a supervisor connected to instance B, and only in scope', async () => {
    // Sessions live in PostgreSQL: a cookie from A is good on B.
    const workerOnA = await signedInCookie(a.app, DEMO.worker)
    const supervisorOnB = liveClient(b.url, { cookie: await signedInCookie(a.app, DEMO.supervisor) })
    const workerOnB = liveClient(b.url, { cookie: workerOnA })
    clients.push(supervisorOnB, workerOnB)
    await Promise.all([connected(supervisorOnB), connected(workerOnB)])

    const elsewhere = await report(
      a.app,
      await signedInCookie(a.app, DEMO.streetSupervisor),
      await pointInGrid('370705002001002'),
    )
    const id = await report(a.app, workerOnA, await pointInGrid('370705002001001'))
    const seen = await supervisorOnB.next((r) => r.name === 'incident.created' && r.payload.data.id === id)
    expect(seen.payload.data).toMatchObject({ id, status: 'reported' })
    await supervisorOnB.next((r) => r.name === 'incident.created' && r.payload.data.id === elsewhere)
    await workerOnB.next((r) => r.name === 'incident.created' && r.payload.data.id === id)
    expect(workerOnB.received.filter((r) => r.payload?.data?.id === elsewhere)).toEqual([])
    // Exactly once, though B's socket is reachable from both instances' broadcasts.
    expect(
      supervisorOnB.received.filter((r) => r.name === 'incident.created' && r.payload.data.id === id),
    ).toHaveLength(1)
  })

  it('a worker position sent to B reaches a supervisor on A', async () => {
    const supervisorOnA = liveClient(a.url, { cookie: await signedInCookie(a.app, DEMO.supervisor) })
    const workerOnB = liveClient(b.url, { cookie: await signedInCookie(b.app, DEMO.worker) })
    clients.push(supervisorOnA, workerOnB)
    await Promise.all([connected(supervisorOnA), connected(workerOnB)])
    const at = await pointInGrid('370705002001001')
    await withClient((c) => c.query(`delete from worker_positions`))
    const ack = await workerOnB.socket.emitWithAck('worker.position', { lng: at.lng, lat: at.lat, accuracy: 8 })
    expect(ack).toEqual({ ok: true })
    const moved = await supervisorOnA.next((r) => r.name === 'worker.position')
    expect(moved.payload).toMatchObject({
      seq: null,
      type: 'worker.position',
      data: { position: { lng: at.lng, lat: at.lat, stale: false } },
    })
  })
})

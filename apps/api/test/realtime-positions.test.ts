import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid, withClient } from './helper.ts'
import { type LiveClient, listeningApp, openedClients, signedInCookie } from './live-client.ts'

let app: FastifyInstance
let url: string
const cookies: Record<string, string> = {}
const clients = openedClients()
let workerId: number
let home: { lng: number; lat: number }

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  for (const who of ['worker', 'supervisor', 'streetSupervisor', 'manager', 'handler'] as const)
    cookies[who] = await signedInCookie(app, DEMO[who])
  workerId = await withClient(
    async (c) => (await c.query<{ id: number }>('select id from users where phone = $1', [DEMO.worker])).rows[0]!.id,
  )
  home = await pointInGrid('370705002001001')
})
beforeEach(() => withClient((c) => c.query('delete from worker_positions')))
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const live = (who: string): Promise<LiveClient> => clients.connect(url, cookies[who]!)

const send = (client: LiveClient, payload: unknown) =>
  client.socket.emitWithAck('worker.position', payload) as Promise<{ ok: boolean; code?: string }>
/** Lets the next position through the 10-second limit without waiting 10 seconds. */
const ageLastPosition = (seconds: number) =>
  withClient((c) => c.query(`update worker_positions set at = now() - make_interval(secs => $1)`, [seconds]))
const positions = async (who: string, query = '') => {
  const res = await app.inject({ url: `/api/workers/positions${query}`, headers: { cookie: cookies[who]! } })
  return {
    status: res.statusCode,
    items:
      res.statusCode === 200
        ? res.json<{ items: { userId: number; stale: boolean; lng: number; distanceM: number | null }[] }>().items
        : [],
  }
}

describe('worker positions', () => {
  it('reach the supervisors of that grid and the street, not another community’s', async () => {
    const [worker, supervisor, street] = await Promise.all(['worker', 'supervisor', 'streetSupervisor'].map(live))
    expect(await send(worker!, { lng: home.lng, lat: home.lat, accuracy: 12 })).toEqual({ ok: true })
    const seen = await supervisor!.next((r) => r.name === 'worker.position')
    expect(seen.payload).toMatchObject({
      seq: null,
      type: 'worker.position',
      data: { userId: workerId, position: { lng: home.lng, lat: home.lat, accuracy: 12, stale: false } },
    })
    await street!.next((r) => r.name === 'worker.position')
    expect(await positions('supervisor')).toMatchObject({ status: 200, items: [{ userId: workerId, stale: false }] })
  })

  it('are accepted at most once per 10 seconds per worker (RATE_LIMITED), and stored only when accepted', async () => {
    const worker = await live('worker')
    expect(await send(worker, { lng: home.lng, lat: home.lat, accuracy: 5 })).toEqual({ ok: true })
    const moved = { lng: home.lng + 0.0001, lat: home.lat }
    expect(await send(worker, { ...moved, accuracy: 5 })).toMatchObject({
      ok: false,
      code: 'RATE_LIMITED',
      message: expect.any(String),
    })
    expect((await positions('supervisor')).items[0]!.lng).toBe(home.lng)
    await ageLastPosition(11)
    expect(await send(worker, { ...moved, accuracy: 5 })).toEqual({ ok: true })
    expect((await positions('supervisor')).items[0]!.lng).toBe(moved.lng)
  })

  it('are validated: shape, range, role and the street’s area', async () => {
    const worker = await live('worker')
    for (const bad of [
      null,
      {},
      { lng: 'x', lat: 1, accuracy: 1 },
      { lng: home.lng, lat: 91, accuracy: 1 },
      { lng: home.lng, lat: home.lat, accuracy: -1 },
      { lng: home.lng, lat: home.lat, accuracy: 1, extra: 1 },
    ]) {
      expect(await send(worker, bad)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' })
    }
    expect(await send(worker, { lng: 116.4, lat: 39.9, accuracy: 10 })).toMatchObject({
      ok: false,
      code: 'OUTSIDE_MANAGED_AREA',
    })
    const supervisor = await live('supervisor')
    expect(await send(supervisor, { lng: home.lng, lat: home.lat, accuracy: 10 })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    })
    expect(await supervisor.socket.emitWithAck('worker.offDuty')).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect((await positions('supervisor')).items).toEqual([])
  })

  it('older than 10 minutes show as stale', async () => {
    const worker = await live('worker')
    expect(await send(worker, { lng: home.lng, lat: home.lat, accuracy: 5 })).toEqual({ ok: true })
    await ageLastPosition(9 * 60)
    expect((await positions('supervisor')).items[0]!.stale).toBe(false)
    await ageLastPosition(10 * 60 + 5)
    expect((await positions('supervisor')).items[0]!.stale).toBe(true)
  })

  it('leave the maps when the worker goes off duty', async () => {
    const [worker, supervisor] = await Promise.all(['worker', 'supervisor'].map(live))
    expect(await send(worker!, { lng: home.lng, lat: home.lat, accuracy: 5 })).toEqual({ ok: true })
    expect(await worker!.socket.emitWithAck('worker.offDuty')).toEqual({ ok: true })
    const gone = await supervisor!.next((r) => r.name === 'worker.position' && r.payload.data.position === null)
    expect(gone.payload.data).toEqual({ userId: workerId, position: null })
    expect((await positions('supervisor')).items).toEqual([])
    expect((await positions('manager')).items).toEqual([])
  })

  it('moving into another community: the old community’s map drops the worker, the new one shows them', async () => {
    const [worker, supervisor, street] = await Promise.all(['worker', 'supervisor', 'streetSupervisor'].map(live))
    expect(await send(worker!, { lng: home.lng, lat: home.lat, accuracy: 5 })).toEqual({ ok: true })
    await ageLastPosition(11)
    const away = await pointInGrid('370705002009005')
    expect(await send(worker!, { lng: away.lng, lat: away.lat, accuracy: 5 })).toEqual({ ok: true })
    await supervisor!.next((r) => r.name === 'worker.position' && r.payload.data.position === null)
    await street!.next(
      (r) => r.name === 'worker.position' && (r.payload.data.position as { lng: number } | null)?.lng === away.lng,
    )
    // The street-wide map sees both grids: it moves the worker, never drops them.
    expect(street!.received.filter((r) => r.name === 'worker.position' && r.payload.data.position === null)).toEqual([])
    expect((await positions('supervisor')).items).toEqual([])
  })

  it('are read by supervisors in scope, nearest first, and by no worker or handler', async () => {
    const worker = await live('worker')
    expect(await send(worker, { lng: home.lng, lat: home.lat, accuracy: 5 })).toEqual({ ok: true })
    const near = await positions('supervisor', `?near=${home.lng + 0.001},${home.lat}`)
    expect(near.items).toHaveLength(1)
    expect(near.items[0]!.distanceM).toBeGreaterThan(50)
    expect(near.items[0]!.distanceM).toBeLessThan(150)
    expect((await positions('worker')).status).toBe(403)
    expect((await positions('handler')).status).toBe(403)
    const community9 = await withClient(
      async (c) => (await c.query<{ id: number }>(`select id from grids where code = '370705002009'`)).rows[0]!.id,
    )
    expect((await positions('supervisor', `?grid=${community9}`)).items).toEqual([])
    expect((await positions('supervisor', '?bbox=0,0,1,1')).items).toEqual([])
    expect((await positions('supervisor', '?near=200,0')).status).toBe(400)
  })
})

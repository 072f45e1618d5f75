import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid } from './helper.ts'
import { type LiveClient, listeningApp, openedClients, report, signedInCookie } from './live-client.ts'

let app: FastifyInstance
let url: string
const cookies: Record<string, string> = {}
const clients = openedClients()

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  for (const who of ['worker', 'supervisor', 'streetSupervisor', 'manager'] as const)
    cookies[who] = await signedInCookie(app, DEMO[who])
})
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const live = (who: string): Promise<LiveClient> => clients.connect(url, cookies[who]!)

const createdWith = (id: string) => (r: { name: string; payload: { data: { id?: string } } }) =>
  r.name === 'incident.created' && r.payload.data.id === id

describe('live events reach exactly the sockets whose scope holds their grid', () => {
  it('a report in community 009 goes to the street-wide roles, never to community 001 or its worker', async () => {
    const [worker, supervisor, street, manager] = await Promise.all(
      ['worker', 'supervisor', 'streetSupervisor', 'manager'].map(live),
    )
    const far = await report(app, cookies.streetSupervisor!, await pointInGrid('370705002009005'))
    const near = await report(app, cookies.supervisor!, await pointInGrid('370705002001001'))

    await street!.next(createdWith(far))
    await manager!.next(createdWith(far))
    // Each socket gets its events in order: once `near` (filed after `far`) has arrived, `far` would have too.
    await supervisor!.next(createdWith(near))
    await worker!.next(createdWith(near))
    expect(supervisor!.received.filter(createdWith(far))).toEqual([])
    expect(worker!.received.filter(createdWith(far))).toEqual([])
  })

  it('a report in a neighbouring unit grid reaches the community supervisor but not the worker of unit 001', async () => {
    const [worker, supervisor] = await Promise.all(['worker', 'supervisor'].map(live))
    const neighbour = await report(app, cookies.supervisor!, await pointInGrid('370705002001002'))
    const own = await report(app, cookies.supervisor!, await pointInGrid('370705002001001'))

    const seen = await supervisor!.next(createdWith(neighbour))
    await worker!.next(createdWith(own))
    expect(worker!.received.filter(createdWith(neighbour))).toEqual([])
    expect(seen.payload).toMatchObject({
      type: 'incident.created',
      seq: expect.any(Number),
      at: expect.any(String),
      grids: [expect.any(Number), expect.any(Number), expect.any(Number)],
    })
    expect(seen.payload.data).toMatchObject({
      id: neighbour,
      status: 'reported',
      category: 'E0101',
      lng: expect.any(Number),
      lat: expect.any(Number),
    })
  })

  it('a workflow step goes out as incident.updated with the new state, to the same scope', async () => {
    const [supervisor, street] = await Promise.all(['supervisor', 'streetSupervisor'].map(live))
    const id = await report(app, cookies.worker!, await pointInGrid('370705002001001'))
    const res = await app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/register`,
      payload: {},
      headers: { cookie: cookies.supervisor! },
    })
    expect(res.statusCode).toBe(200)
    const isUpdate = (r: { name: string; payload: { data: { id?: string } } }) =>
      r.name === 'incident.updated' && r.payload.data.id === id
    const update = await supervisor!.next(isUpdate)
    await street!.next(isUpdate)
    expect(update.payload.data).toMatchObject({ id, status: 'registered' })
    const created = await supervisor!.next(createdWith(id))
    expect(update.payload.seq).toBeGreaterThan(created.payload.seq)
  })

  it('a refused step (409) writes and sends nothing', async () => {
    const supervisor = await live('supervisor')
    const id = await report(app, cookies.worker!, await pointInGrid('370705002001001'))
    await supervisor.next(createdWith(id))
    const res = await app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/verify`,
      payload: { passed: true },
      headers: { cookie: cookies.supervisor! },
    })
    expect(res.statusCode).toBe(409)
    const marker = await report(app, cookies.worker!, await pointInGrid('370705002001001'))
    await supervisor.next(createdWith(marker))
    expect(supervisor.received.filter((r) => r.name === 'incident.updated' && r.payload.data.id === id)).toEqual([])
  })
})

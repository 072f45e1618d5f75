import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid, withClient } from './helper.ts'
import { pruneEvents } from '../src/plugins/app/realtime/event-log.ts'
import { connected, listeningApp, liveClient, report, signedInCookie, type LiveClient } from './live-client.ts'

let app: FastifyInstance
let url: string
let supervisor: string
let street: string
const clients: LiveClient[] = []

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  supervisor = await signedInCookie(app, DEMO.supervisor)
  street = await signedInCookie(app, DEMO.streetSupervisor)
})
afterAll(async () => {
  for (const c of clients) c.close()
  await app.close()
})

function open(cookie: string, lastSeq?: number): LiveClient {
  const client = liveClient(url, { cookie, ...(lastSeq === undefined ? {} : { lastSeq }) })
  clients.push(client)
  return client
}

const incidentEvents = (c: LiveClient) => c.received.filter((r) => r.name.startsWith('incident.'))

describe('a client that reconnects with its last seq', () => {
  it('receives exactly the 50 events it missed in its scope, in order, then caughtUp', async () => {
    const first = open(supervisor)
    const {
      payload: { seq: lastSeq },
    } = await connected(first)
    first.close()

    const inScope = await pointInGrid('370705002001003')
    const outOfScope = await pointInGrid('370705002009005')
    const missed: { id: string; type: string }[] = []
    // 25 reports and 25 registrations in community 001, each after a report in community 009 the client must not get.
    for (let i = 0; i < 25; i++) {
      await report(app, street, outOfScope, `范围外 ${i}`)
      const id = await report(app, street, inScope, `错过 ${i}`)
      missed.push({ id, type: 'incident.created' })
      const res = await app.inject({
        method: 'POST',
        url: `/api/incidents/${id}/register`,
        payload: {},
        headers: { cookie: street },
      })
      expect(res.statusCode).toBe(200)
      missed.push({ id, type: 'incident.updated' })
    }

    const back = open(supervisor, lastSeq)
    const caughtUp = await connected(back)
    expect(caughtUp.name).toBe('caughtUp')
    const replayed = incidentEvents(back)
    expect(replayed.map((r) => ({ id: r.payload.data.id, type: r.name }))).toEqual(missed)
    const seqs = replayed.map((r) => r.payload.seq)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(seqs[0]).toBeGreaterThan(lastSeq)
    expect(caughtUp.payload.seq).toBeGreaterThanOrEqual(seqs.at(-1)!)
    // The replay is what the log holds for this scope, nothing more (the out-of-scope reports are there too).
    const logged = await withClient(
      async (c) => (await c.query<{ n: string }>('select count(*) n from events where seq > $1', [lastSeq])).rows[0]!.n,
    )
    expect(Number(logged)).toBe(75)
  })

  it('then continues live: an event after the replay arrives once', async () => {
    const first = open(supervisor)
    const {
      payload: { seq },
    } = await connected(first)
    first.close()
    const missedId = await report(app, street, await pointInGrid('370705002001003'))
    const back = open(supervisor, seq)
    await connected(back)
    const liveId = await report(app, street, await pointInGrid('370705002001003'))
    await back.next((r) => r.name === 'incident.created' && r.payload.data.id === liveId)
    expect(incidentEvents(back).map((r) => r.payload.data.id)).toEqual([missedId, liveId])
  })

  it('is told to resync when more than 500 were missed in its scope', async () => {
    const first = open(supervisor)
    const {
      payload: { seq },
    } = await connected(first)
    first.close()
    // 501 events in community 001's log, written straight into it: the bound is about the log, not about reports.
    await withClient((c) =>
      c.query(`
      insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
      select 'incident.updated', g2.parent_id, g2.id, g3.id, jsonb_build_object('n', n)
      from grids g3 join grids g2 on g2.id = g3.parent_id, generate_series(1, 501) n where g3.code = '370705002001003'`),
    )
    const back = open(supervisor, seq)
    const outcome = await connected(back)
    expect(outcome.name).toBe('resync')
    expect(outcome.payload.seq).toBeGreaterThanOrEqual(seq + 501)
    expect(incidentEvents(back)).toEqual([])
    // Counting from the resync's seq, the client is whole again.
    const again = open(supervisor, outcome.payload.seq)
    expect((await connected(again)).name).toBe('caughtUp')
    expect(incidentEvents(again)).toEqual([])
  })

  it('is told to resync when its seq is ahead of the log (a restored database)', async () => {
    const client = open(supervisor, 9_000_000_000)
    expect((await connected(client)).name).toBe('resync')
  })

  it('is told to resync when events after its seq were pruned from the log, and replayed when none were', async () => {
    const first = open(supervisor)
    const {
      payload: { seq },
    } = await connected(first)
    first.close()
    const kept = await report(app, street, await pointInGrid('370705002001003'))
    const { rowCount } = await withClient((c) =>
      c.query(`update events set at = now() - interval '4 days' where seq <= $1`, [seq]),
    )
    expect(rowCount).toBeGreaterThan(0)
    expect(await pruneEvents(app.kysely)).toBe(rowCount)
    // Up to date at the prune: nothing it needs is gone.
    const upToDate = open(supervisor, seq)
    expect((await connected(upToDate)).name).toBe('caughtUp')
    expect(incidentEvents(upToDate).map((r) => r.payload.data.id)).toEqual([kept])
    // Further behind: what it missed may have been pruned, so it reloads.
    const behind = open(supervisor, Math.max(0, seq - 2))
    expect((await connected(behind)).name).toBe('resync')
  })

  it('500 missed outside its scope are no reason to resync', async () => {
    const first = open(supervisor)
    const {
      payload: { seq },
    } = await connected(first)
    first.close()
    await withClient((c) =>
      c.query(`
      insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
      select 'incident.updated', g2.parent_id, g2.id, g3.id, jsonb_build_object('n', n)
      from grids g3 join grids g2 on g2.id = g3.parent_id, generate_series(1, 600) n where g3.code = '370705002009005'`),
    )
    const back = open(supervisor, seq)
    expect((await connected(back)).name).toBe('caughtUp')
    expect(incidentEvents(back)).toEqual([])
  })
})

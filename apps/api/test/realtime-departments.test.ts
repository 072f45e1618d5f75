import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid, withClient } from './helper.ts'
import {
  connected,
  listeningApp,
  liveClient,
  openedClients,
  report,
  signedInCookie,
  type Received,
} from './live-client.ts'

// A handler has no grids: its sockets hear the cases of its department — dispatched to it, and returned from it.

let app: FastifyInstance
let url: string
const cookies: Record<string, string> = {}
const clients = openedClients()
const departments: Record<string, number> = {}

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  for (const who of ['supervisor', 'handler'] as const) cookies[who] = await signedInCookie(app, DEMO[who])
  await withClient(async (c) => {
    for (const row of (await c.query<{ id: number; code: string }>('select id, code from departments')).rows)
      departments[row.code] = row.id
  })
})
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const step = async (who: string, id: string, action: string, payload: object = {}) => {
  const res = await app.inject({
    method: 'POST',
    url: `/api/incidents/${id}/${action}`,
    payload,
    headers: { cookie: cookies[who]! },
  })
  expect(res.statusCode, `${action}: ${res.body}`).toBeLessThan(300)
}

async function dispatchedTo(departmentCode: string): Promise<string> {
  const id = await report(app, cookies.supervisor!, await pointInGrid('370705002001001'), '部门实时测试')
  await step('supervisor', id, 'register')
  await step('supervisor', id, 'dispatch', { departmentId: departments[departmentCode] })
  return id
}

const updated = (id: string, status: string) => (r: Received) =>
  r.name === 'incident.updated' && r.payload.data.id === id && (r.payload.data as { status?: string }).status === status

describe('a handler’s live events', () => {
  it('brings the cases dispatched to its department, and none dispatched elsewhere', async () => {
    const handler = await clients.connect(url, cookies.handler!)
    const elsewhere = await dispatchedTo('police')
    const ours = await dispatchedTo('enforcement')
    const seen = await handler.next(updated(ours, 'dispatched'))
    expect(seen.payload.data).toMatchObject({ id: ours, assigneeDepartmentId: departments.enforcement })
    // Events arrive in order: once `ours` (dispatched after `elsewhere`) is here, `elsewhere` would have been too.
    expect(handler.received.filter((r) => r.payload?.data?.id === elsewhere)).toEqual([])
  })

  it('tells the department that a case it returned has left it, on every handler socket', async () => {
    const [first, second] = [await clients.connect(url, cookies.handler!), await clients.connect(url, cookies.handler!)]
    const id = await dispatchedTo('enforcement')
    await first.next(updated(id, 'dispatched'))
    await step('handler', id, 'return', { reason: '不属于本部门职责' })
    const returned = await second.next(updated(id, 'registered'))
    expect(returned.payload.data).toMatchObject({ assigneeDepartmentId: null })
  })

  it('replays what a reconnecting handler missed of its department', async () => {
    const probe = await clients.connect(url, cookies.handler!)
    const marker = await dispatchedTo('enforcement')
    const {
      payload: { seq },
    } = await probe.next(updated(marker, 'dispatched'))
    const missed = await dispatchedTo('enforcement')
    const elsewhere = await dispatchedTo('police')
    const back = liveClient(url, { cookie: cookies.handler!, lastSeq: seq })
    try {
      expect((await connected(back)).name).toBe('caughtUp')
      expect(back.received.filter(updated(missed, 'dispatched'))).toHaveLength(1)
      expect(back.received.filter((r) => r.payload?.data?.id === elsewhere)).toEqual([])
    } finally {
      back.close()
    }
  })
})

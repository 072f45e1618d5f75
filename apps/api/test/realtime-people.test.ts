import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, pointInGrid } from './helper.ts'
import { listeningApp, openedClients, report, signedInCookie, type Received } from './live-client.ts'

// A case's reporter hears it wherever it lies: their 我的上报 changes live even for a case outside their own grids.

let app: FastifyInstance
let url: string
const cookies: Record<string, string> = {}
const clients = openedClients()

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  for (const who of ['supervisor', 'streetSupervisor'] as const) cookies[who] = await signedInCookie(app, DEMO[who])
})
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const about = (id: string, type: string, status?: string) => (r: Received) =>
  r.name === type &&
  r.payload.data.id === id &&
  (status === undefined || (r.payload.data as { status?: string }).status === status)

describe('a reporter’s live events', () => {
  it('brings the reporter their own case filed outside their grids, and its next steps', async () => {
    // 李监督 supervises community 001 only; the case lies in community 009.
    const reporter = await clients.connect(url, cookies.supervisor!)
    const id = await report(app, cookies.supervisor!, await pointInGrid('370705002009001'), '辖区外上报')
    const created = await reporter.next(about(id, 'incident.created'))
    expect((created.payload.data as { reporterId?: number }).reporterId).toEqual(expect.any(Number))

    const res = await app.inject({
      method: 'POST',
      url: `/api/incidents/${id}/register`,
      payload: {},
      headers: { cookie: cookies.streetSupervisor! },
    })
    expect(res.statusCode, res.body).toBe(200)
    await reporter.next(about(id, 'incident.updated', 'registered'))
  })

  it('does not bring a case outside the grids to someone who neither reported nor works it', async () => {
    const other = await clients.connect(url, cookies.supervisor!)
    const id = await report(app, cookies.streetSupervisor!, await pointInGrid('370705002009001'), '他人辖区外上报')
    await expect(other.next(about(id, 'incident.created'), 1_500)).rejects.toThrow()
  })
})

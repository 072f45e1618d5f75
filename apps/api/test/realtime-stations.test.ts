import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO } from './helper.ts'
import { type LiveClient, type Received, listeningApp, openedClients, signedInCookie } from './live-client.ts'
import { auditForm, auditSheet, newStation, stationPoint } from './stations-fixtures.ts'

let app: FastifyInstance
let url: string
const cookies: Record<string, string> = {}
const clients = openedClients()

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
  for (const who of ['supervisor', 'streetSupervisor', 'manager'] as const)
    cookies[who] = await signedInCookie(app, DEMO[who])
})
afterAll(async () => {
  clients.closeAll()
  await app.close()
})

const live = (who: string): Promise<LiveClient> => clients.connect(url, cookies[who]!)

describe('station.audited', () => {
  it('goes out after an audit to the scopes holding the station, with its result', async () => {
    const [supervisor, street] = await Promise.all(['supervisor', 'streetSupervisor'].map(live))
    const far = await newStation('37070500200902', '实时测试站（九社区）')
    const near = await newStation('37070500200101', '实时测试站（一社区）')
    const audit = async (stationId: number, sheet = auditSheet()) => {
      const form = auditForm(await stationPoint(stationId), sheet)
      const res = await app.inject({
        method: 'POST',
        url: `/api/stations/${stationId}/audits`,
        payload: form.payload,
        headers: { ...form.headers, cookie: cookies.manager! },
      })
      expect(res.statusCode).toBe(201)
    }
    const auditedStation = (id: number) => (r: Received) =>
      r.name === 'station.audited' && (r.payload.data as { stationId?: number }).stationId === id

    await audit(far, auditSheet({ signage: { passed: false, deduction: 5 } }))
    await audit(near)
    const seen = await street!.next(auditedStation(far))
    expect(seen.payload).toMatchObject({
      type: 'station.audited',
      seq: expect.any(Number),
      grids: [expect.any(Number), expect.any(Number), null],
    })
    expect(seen.payload.data).toMatchObject({ stationId: far, score: 95, passedAll: false, failed: ['signage'] })
    // In order per socket: once the later audit in community 001 arrived, the earlier one in 009 would have.
    await supervisor!.next(auditedStation(near))
    expect(supervisor!.received.filter(auditedStation(far))).toEqual([])
  })
})

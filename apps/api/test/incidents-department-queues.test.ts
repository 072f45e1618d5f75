import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { report } from './live-client.ts'

// The handler's workbench lists its department's cases by queue: 待接收 is `dispatched` never sent back, 返工 is
// `dispatched` after a failed verification (rework=true), and a rework shows the supervisor's reason.

let supervisor: SignedInApp
let handler: SignedInApp
let departmentId: number
const fresh: string[] = []
let reworked: string

const step = async (app: SignedInApp, id: string, action: string, payload: object = {}) => {
  const res = await app.inject({ method: 'POST', url: `/api/incidents/${id}/${action}`, payload })
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
}

async function dispatchedToDepartment(): Promise<string> {
  const id = await report(supervisor.app, supervisor.cookie, await pointInGrid('370705002001001'), '井盖松动')
  await step(supervisor, id, 'register')
  await step(supervisor, id, 'dispatch', { departmentId })
  return id
}

beforeAll(async () => {
  supervisor = await signedInApp(DEMO.supervisor)
  handler = await signedInApp(DEMO.handler)
  departmentId = await withClient(
    async (c) => (await c.query<{ id: number }>(`select id from departments where code = 'enforcement'`)).rows[0]!.id,
  )
  fresh.push(await dispatchedToDepartment())
  reworked = await dispatchedToDepartment()
  await step(handler, reworked, 'accept')
  await step(handler, reworked, 'feedback', { note: '已处理' })
  await step(supervisor, reworked, 'verify', { passed: false, note: '井盖仍在晃动' })
})
afterAll(async () => {
  await supervisor.close()
  await handler.close()
})

type Page = { items: { id: string; status: string; reworkCount: number; reworkReason: string | null }[] }
const list = async (query: string) =>
  (await handler.inject(`/api/incidents?limit=200&status=dispatched${query}`)).json<Page>().items

describe('GET /api/incidents?rework=', () => {
  it('splits the dispatched cases into never sent back (false) and reworked (true), with the supervisor’s reason', async () => {
    const neverSentBack = await list('&rework=false')
    expect(neverSentBack.map((i) => i.id)).toContain(fresh[0])
    expect(neverSentBack.map((i) => i.id)).not.toContain(reworked)
    expect(neverSentBack.every((i) => i.reworkCount === 0 && i.reworkReason === null)).toBe(true)

    const rework = await list('&rework=true')
    expect(rework.map((i) => i.id)).toContain(reworked)
    expect(rework.map((i) => i.id)).not.toContain(fresh[0])
    expect(rework.find((i) => i.id === reworked)).toMatchObject({
      status: 'dispatched',
      reworkCount: 1,
      reworkReason: '井盖仍在晃动',
    })
  })

  it('gives the latest reason when a case is sent back twice', async () => {
    await step(handler, reworked, 'accept')
    await step(handler, reworked, 'feedback', { note: '再次处理' })
    await step(supervisor, reworked, 'verify', { passed: false, note: '周边仍有积水' })
    expect((await list('&rework=true')).find((i) => i.id === reworked)).toMatchObject({
      reworkCount: 2,
      reworkReason: '周边仍有积水',
    })
  })

  it('answers 400 for a rework flag that is not a boolean', async () => {
    expect((await handler.inject('/api/incidents?rework=maybe')).statusCode).toBe(400)
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

const DAY = 86_400_000
let supervisor: SignedInApp
let worker: SignedInApp
const fx = {} as { categoryId: number; workerId: number; chain: number[]; point: { lng: number; lat: number } }

const one = async <T>(text: string, values: unknown[] = []) =>
  withClient(async (c) => (await c.query(text, values)).rows[0] as T)

/** A case dispatched to the demo worker, due at `due`. */
async function dispatchedIncident(due: Date): Promise<string> {
  const row = await one<{ id: string }>(
    `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id,
       assignee_user_id, due_at, dispatched_at, source)
     values ($1, $2, $3, '延期夹具', 'dispatched', ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7, $8, $9, $9, $10, now(), 'worker') returning id::text`,
    [`T-${randomUUID()}`, randomUUID(), fx.categoryId, fx.point.lng, fx.point.lat, ...fx.chain, fx.workerId, due],
  )
  return row.id
}
const extend = (id: string, dueAt: string) =>
  supervisor.inject({ method: 'POST', url: `/api/incidents/${id}/extend`, payload: { dueAt, reason: '等待配件' } })
const stored = (id: string) =>
  one<{ due: Date; extensions: number; history: number }>(
    `select due_at due, extension_count extensions, (select count(*)::int from incident_history h where h.incident_id = i.id) history from incidents i where id = $1`,
    [id],
  )

beforeAll(async () => {
  supervisor = await signedInApp(DEMO.supervisor)
  worker = await signedInApp(DEMO.worker)
  const chain = await one<{ l1: number; l2: number; l3: number }>(
    `select g2.parent_id l1, g2.id l2, g3.id l3 from grids g3 join grids g2 on g2.id = g3.parent_id where g3.code = '370705002001001'`,
  )
  Object.assign(fx, {
    categoryId: (await one<{ id: number }>(`select id from categories where code = 'E0101'`)).id,
    workerId: (await one<{ id: number }>('select id from users where phone = $1', [DEMO.worker])).id,
    chain: [chain.l1, chain.l2, chain.l3],
    point: await pointInGrid('370705002001001'),
  })
})
afterAll(async () => {
  await supervisor.close()
  await worker.close()
})

describe('an extension goes at most a year past the current due time', () => {
  // Year 9999 is refused by the request schema (years 1970–2199) or by the rule: either way 400 and nothing written.
  it.each(['9999-12-31T23:00:00Z', '9999-12-31T12:00:00+08:00', '2199-01-01T00:00:00Z'])(
    'refuses %s with 400, writes nothing, and the case still answers',
    async (far) => {
      const due = new Date(Date.now() + DAY)
      const id = await dispatchedIncident(due)
      const res = await extend(id, far)
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toMatchObject({
        code: expect.stringMatching(/^(EXTENSION_TOO_LONG|VALIDATION_FAILED)$/),
        details: expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/dueAt/) })]),
      })
      expect(await stored(id)).toEqual({ due, extensions: 0, history: 0 })
      expect((await supervisor.inject(`/api/incidents/${id}`)).statusCode).toBe(200)
      expect(
        (await worker.inject({ method: 'POST', url: `/api/incidents/${id}/accept`, payload: {} })).statusCode,
      ).toBe(200)
    },
  )

  it('measures the year from the current due time, not from now: 400 EXTENSION_TOO_LONG past it', async () => {
    const due = new Date(Date.now() + 30 * DAY)
    const id = await dispatchedIncident(due)
    const tooFar = await extend(id, new Date(due.getTime() + 367 * DAY).toISOString())
    expect(tooFar.statusCode, tooFar.body).toBe(400)
    expect(tooFar.json()).toMatchObject({
      code: 'EXTENSION_TOO_LONG',
      message: expect.stringMatching(/一年 \/ .*a year/),
      details: [{ field: 'dueAt' }],
    })
    expect(await stored(id)).toEqual({ due, extensions: 0, history: 0 })
    const res = await extend(id, new Date(due.getTime() + 360 * DAY).toISOString())
    expect(res.statusCode, res.body).toBe(200)
    expect(await stored(id)).toMatchObject({ extensions: 1, history: 1 })
  })
})

describe('a due time stored beyond year 9999 (before this rule) does not break the case', () => {
  it('answers its detail and its next step', async () => {
    const id = await dispatchedIncident(new Date(Date.now() + DAY))
    await withClient((c) => c.query(`update incidents set due_at = '9999-12-31T23:00:00Z' where id = $1`, [id]))
    const detail = await supervisor.inject(`/api/incidents/${id}`)
    expect(detail.statusCode, detail.body).toBe(200)
    expect(detail.json<{ dueAt: string }>().dueAt).toMatch(/^9999-12-31T/)
    const accepted = await worker.inject({ method: 'POST', url: `/api/incidents/${id}/accept`, payload: {} })
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect((await supervisor.inject(`/api/incidents?status=in_progress&limit=5`)).statusCode).toBe(200)
  })
})

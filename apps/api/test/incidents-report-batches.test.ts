import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp, withClient } from './helper.ts'

// Reports that arrive together are filed together, in one statement (report-batcher.ts); each must still come out
// as if filed alone: its own incident, case number, first history row and live event, or its own error.
const worker = await signedInApp(DEMO.worker)
afterAll(() => worker.close())

const here = await pointInGrid('370705002001001')
const form = (fields: Record<string, string> = {}) =>
  multipart({
    clientId: randomUUID(),
    categoryCode: 'C0301',
    description: `垃圾箱满溢 ${randomUUID().slice(0, 6)}`,
    lng: String(here.lng),
    lat: String(here.lat),
    ...fields,
  })
const send = (body: ReturnType<typeof form>) => worker.inject({ method: 'POST', url: '/api/incidents', ...body })

describe('reports filed together', () => {
  it('give each report its own incident, case number, first step and event, as the reply says', async () => {
    const forms = Array.from({ length: 40 }, () => form())
    const replies = await Promise.all(forms.map(send))
    expect(replies.map((r) => r.statusCode)).toEqual(forms.map(() => 201))
    const bodies = replies.map((r) =>
      r.json<{ id: string; caseNumber: string; description: string; history: { id: string }[] }>(),
    )
    const rows = await withClient(
      async (c) =>
        (
          await c.query(
            `
        select i.id::text, i.case_number, i.description, i.created_at::text as created_at,
          (select array_agg(h.id::text) from incident_history h where h.incident_id = i.id and h.action = 'report') as steps,
          (select count(*)::int from events e where e.type = 'incident.created' and e.data ->> 'id' = i.id::text) as events
        from incidents i where i.id = any($1::bigint[])`,
            [bodies.map((b) => b.id)],
          )
        ).rows,
    )
    expect(rows).toHaveLength(40)
    expect(new Set(rows.map((r) => r.case_number)).size).toBe(40)
    for (const body of bodies) {
      const row = rows.find((r) => r.id === body.id)!
      expect(row.case_number).toBe(body.caseNumber)
      expect(row.description).toBe(body.description)
      expect(row.steps).toEqual([body.history[0]!.id])
      expect(row.events).toBe(1)
    }
    // One statement is one transaction, whose now() (to the microsecond) its incidents share: fewer instants than
    // reports means batches.
    expect(new Set(rows.map((r) => r.created_at)).size).toBeLessThan(40)
  })

  it('refuses a point outside the street on its own, filing the reports beside it', async () => {
    const forms = [form(), form({ lng: '116.397', lat: '39.909' }), form(), form(), form()]
    const replies = await Promise.all(forms.map(send))
    expect(replies.map((r) => r.statusCode)).toEqual([201, 422, 201, 201, 201])
    expect(replies[1]!.json()).toMatchObject({ code: 'OUTSIDE_MANAGED_AREA' })
  })

  it('files a clientId sent several times among others once, and answers its repeats with that incident', async () => {
    const repeated = form()
    const replies = await Promise.all([form(), repeated, form(), repeated, repeated, form()].map(send))
    const [, first, , second, third] = replies
    expect([first, second, third].map((r) => r!.statusCode).sort()).toEqual([200, 200, 201])
    expect(new Set([first, second, third].map((r) => r!.json<{ id: string }>().id)).size).toBe(1)
    const clientId = /name="clientId"\r\n\r\n([^\r]+)/.exec(repeated.payload.toString())![1]
    const count = await withClient(
      async (c) => (await c.query('select count(*)::int n from incidents where client_id = $1', [clientId])).rows[0].n,
    )
    expect(count).toBe(1)
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maskPhone } from '@wangge/accounts'
import { buildTestApp, DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

interface AuditRow {
  id: string
  action: string
  entity: string
  entityId: string | null
  targetName: string | null
  actor: { id: number; name: string } | null
  address: string | null
  after: Record<string, unknown> | null
}

let worker: SignedInApp
let supervisor: SignedInApp
let admin: SignedInApp
let workerId: number
let supervisorId: number

beforeAll(async () => {
  worker = await signedInApp(DEMO.worker)
  supervisor = await signedInApp(DEMO.supervisor)
  admin = await signedInApp(DEMO.admin)
  ;[workerId, supervisorId] = await withClient(async (c) => {
    const id = async (phone: string) =>
      (await c.query<{ id: number }>('select id from users where phone = $1', [phone])).rows[0]!.id
    return [await id(DEMO.worker), await id(DEMO.supervisor)]
  })
})

afterAll(async () => {
  await Promise.all([worker, supervisor, admin].map((a) => a?.close()))
})

/** Every audit row the filters select, oldest first (the API pages newest first). */
async function auditRows(query: Record<string, string>): Promise<AuditRow[]> {
  const rows: AuditRow[] = []
  let cursor: string | null = null
  do {
    const res = await admin.inject({
      url: '/api/audit',
      query: { ...query, limit: '100', ...(cursor ? { cursor } : {}) },
    })
    expect(res.statusCode, res.body).toBe(200)
    const page = res.json<{ items: AuditRow[]; nextCursor: string | null }>()
    rows.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return rows.reverse()
}

async function step(app: SignedInApp, id: string, action: string, payload: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: `/api/incidents/${id}/${action}`, payload })
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200)
  return res.json<{ status: string }>()
}

describe('the audit log', () => {
  it('holds every step of a case with one rework, in order, each with its actor and the case number as its target', async () => {
    const here = await pointInGrid('370705002001001')
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '审计测试：路边垃圾',
      lng: String(here.lng),
      lat: String(here.lat),
      accuracy: '8',
    })
    const reported = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
    expect(reported.statusCode, reported.body).toBe(201)
    const { id, caseNumber } = reported.json<{ id: string; caseNumber: string }>()

    await step(supervisor, id, 'register')
    await step(supervisor, id, 'dispatch', { userId: workerId })
    await step(worker, id, 'accept')
    await step(worker, id, 'feedback', { note: '已清理' })
    const failed = await step(supervisor, id, 'verify', { passed: false, note: '仍有残留' })
    // A failed verification sends the case back to be accepted again (workflow-table.ts).
    if (failed.status === 'dispatched') await step(worker, id, 'accept')
    await step(worker, id, 'feedback', { note: '已彻底清理' })
    expect((await step(supervisor, id, 'verify', { passed: true })).status).toBe('closed')

    const rows = await auditRows({ entity: 'incident', entityId: id })
    const W = { id: workerId }
    const S = { id: supervisorId }
    expect(rows.map((r) => [r.action, r.actor?.id])).toEqual([
      ['incident.report', W.id],
      ['incident.register', S.id],
      ['incident.dispatch', S.id],
      ['incident.accept', W.id],
      ['incident.feedback', W.id],
      ['incident.verify_failed', S.id],
      ...(failed.status === 'dispatched' ? [['incident.accept', W.id]] : []),
      ['incident.feedback', W.id],
      ['incident.verify_passed', S.id],
    ])
    for (const row of rows) expect(row.targetName).toBe(caseNumber)
    // Steps taken through a request carry its address; the reason of the failed verification is kept.
    expect(rows.slice(1).every((r) => r.address !== null)).toBe(true)
    expect(rows.find((r) => r.action === 'incident.verify_failed')?.after).toMatchObject({
      status: 'dispatched',
      note: '仍有残留',
      passed: false,
    })

    // Found by the case number (whole or its start) as the page's target filter asks, not by the numeric id.
    expect((await auditRows({ target: caseNumber })).map((r) => r.id)).toEqual(rows.map((r) => r.id))
    expect((await auditRows({ target: caseNumber.slice(0, -1) })).map((r) => r.id)).toEqual(
      expect.arrayContaining(rows.map((r) => r.id)),
    )
  })

  it('writes a rejection as a step of its own', async () => {
    const here = await pointInGrid('370705002001001')
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '审计测试：驳回',
      lng: String(here.lng),
      lat: String(here.lat),
      accuracy: '8',
    })
    const { id } = (await worker.inject({ method: 'POST', url: '/api/incidents', ...form })).json<{ id: string }>()
    await step(supervisor, id, 'reject', { reason: '重复上报' })
    expect((await auditRows({ entity: 'incident', entityId: id })).map((r) => r.action)).toEqual([
      'incident.report',
      'incident.reject',
    ])
  })

  it('writes a failed sign-in with the phone masked and the address, and a successful one with its user', async () => {
    const app = await buildTestApp()
    try {
      const failed = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { phone: DEMO.manager, password: 'not-the-password-1' },
      })
      expect(failed.statusCode).toBe(401)
      const ok = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { phone: DEMO.manager, password: 'Wangge@2026' },
      })
      expect(ok.statusCode, ok.body).toBe(200)
    } finally {
      await app.close()
    }
    const [lastFailure] = (await auditRows({ action: 'auth.login_failed' })).slice(-1)
    expect(lastFailure).toMatchObject({ actor: null, entity: 'session', after: { phone: maskPhone(DEMO.manager) } })
    expect(lastFailure!.address).toBeTruthy()
    expect(JSON.stringify(lastFailure)).not.toContain(DEMO.manager)
    const [lastLogin] = (await auditRows({ action: 'auth.login' })).slice(-1)
    expect(lastLogin!.targetName).toBe(lastLogin!.actor!.name)
    expect(BigInt(lastLogin!.id)).toBeGreaterThan(BigInt(lastFailure!.id))
  })

  it('writes an export of the case list and of the stations', async () => {
    const before = (await auditRows({ entity: 'export' })).length
    const cases = await supervisor.inject({ url: '/api/incidents/export', query: { format: 'csv', status: 'closed' } })
    expect(cases.statusCode, cases.body.slice(0, 200)).toBe(200)
    const stations = await supervisor.inject({ url: '/api/stations/export', query: { format: 'csv' } })
    expect(stations.statusCode, stations.body.slice(0, 200)).toBe(200)
    const rows = (await auditRows({ entity: 'export' })).slice(before)
    expect(rows.map((r) => [r.action, r.actor?.id])).toEqual([
      ['incidents.export', supervisorId],
      ['stations.export', supervisorId],
    ])
    expect(rows[0]!.after).toMatchObject({ format: 'csv', status: ['closed'] })
  })

  it("finds a person's rows by their name and refuses nobody a 500 for odd target text", async () => {
    const name = (await admin.inject('/api/auth/me')).json<{ name: string }>().name
    const rows = await auditRows({ target: name, entity: 'session' })
    expect(rows.length).toBeGreaterThan(0)
    for (const text of ['%', '_', '\\', "'", 'DY-']) {
      const res = await admin.inject({ url: '/api/audit', query: { target: text } })
      expect(res.statusCode, text).toBe(200)
    }
  })
})

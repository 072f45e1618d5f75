import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import {
  buildTestApp,
  DEMO,
  multipart,
  pointInGrid,
  signedInApp,
  signIn,
  withClient,
  type SignedInApp,
} from './helper.ts'
import { auditForm, auditSheet, newStation, stationPoint } from './stations-fixtures.ts'

// An idempotency key belongs to its submitter (DESIGN.md): the same clientId from someone else files their own
// record, and a reply never carries a record its caller may not read.

const admin = await signedInApp(DEMO.admin)
const worker = await signedInApp(DEMO.worker)
const manager = await signedInApp(DEMO.manager)

/** A worker of a unit grid in community 009, who may not read community 001's cases. */
async function newWorker(cell: string): Promise<SignedInApp> {
  const phone = `1470000${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`
  const password = 'Idempotent#Key-2026'
  const gridId = await withClient(
    async (c) => (await c.query<{ id: number }>('select id from grids where code = $1', [cell])).rows[0]!.id,
  )
  const res = await admin.inject({
    method: 'POST',
    url: '/api/users',
    payload: { name: '外社区网格员', phone, password, role: 'worker', gridIds: [gridId], departmentId: null },
  })
  if (res.statusCode !== 201) throw new Error(`creating a worker failed: ${res.statusCode} ${res.body}`)
  const app = await buildTestApp()
  const cookie = await signIn(app, phone, password)
  return {
    app,
    cookie,
    close: () => app.close(),
    inject: (options) => {
      const opts = typeof options === 'string' ? { url: options } : options
      return app.inject({ ...opts, headers: { cookie, ...(opts.headers ?? {}) } })
    },
  }
}
const OWN_CELL = '370705002001001'
const FAR_CELL = '370705002009001'
const stranger = await newWorker(FAR_CELL)
afterAll(async () => {
  await Promise.all([admin, worker, manager, stranger].map((a) => a.close()))
  await giveSharedKeysTheirOwn()
})

/**
 * This file files records of two submitters under one clientId on purpose. Migration 0013 cannot step down while
 * such pairs exist (the old key was unique across the street), and migrations.test.ts steps every migration down on
 * the run's one database: the later record of each pair gets a key of its own. Audits are immutable by trigger;
 * replica mode lets the test rewrite its own rows.
 */
async function giveSharedKeysTheirOwn(): Promise<void> {
  await withClient(async (c) => {
    await c.query('begin')
    await c.query('set local session_replication_role = replica')
    for (const table of ['incidents', 'station_audits']) {
      await c.query(
        `update ${table} t set client_id = gen_random_uuid() where exists (select 1 from ${table} o where o.client_id = t.client_id and o.id < t.id)`,
      )
    }
    await c.query('commit')
  })
}

const here = await pointInGrid(OWN_CELL)
const there = await pointInGrid(FAR_CELL)
const photo = () =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: '#5a7' } })
    .jpeg()
    .toBuffer()

type Fields = Record<string, string>
const reportFields = (at: { lng: number; lat: number }, fields: Fields = {}): Fields => ({
  clientId: randomUUID(),
  categoryCode: 'E0101',
  description: `暴露垃圾 ${randomUUID().slice(0, 8)}`,
  lng: String(at.lng),
  lat: String(at.lat),
  accuracy: '8',
  ...fields,
})
const send = async (app: SignedInApp, fields: Fields, withPhoto = false) =>
  app.inject({
    method: 'POST',
    url: '/api/incidents',
    ...multipart(
      fields,
      withPhoto ? [{ field: 'photos', name: 'p.jpg', type: 'image/jpeg', bytes: await photo() }] : [],
    ),
  })

interface Detail {
  id: string
  reporter: { id: number }
  description: string
  clientId: string
}
const incidentsWith = (clientId: string) =>
  withClient(
    async (c) =>
      (
        await c.query<{ id: string; reporter_id: number; description: string }>(
          'select id::text, reporter_id, description from incidents where client_id = $1 order by id',
          [clientId],
        )
      ).rows,
  )

describe('a report’s clientId is keyed by its reporter', () => {
  it.each([
    ['without photos', false],
    ['with a photo', true],
  ])(
    'files another user’s clientId as their own new case (%s), never answering with the first',
    async (_name, withPhoto) => {
      const first = await send(worker, reportFields(here))
      expect(first.statusCode, first.body).toBe(201)
      const { clientId, id: firstId } = first.json<Detail>()

      const res = await send(stranger, reportFields(there, { clientId }), withPhoto)
      expect(res.statusCode, res.body).toBe(201)
      const mine = res.json<Detail>()
      expect(mine.id).not.toBe(firstId)
      expect(res.body).not.toContain(first.json<Detail>().description)
      // What the reply carries, its caller may read.
      expect((await stranger.inject(`/api/incidents/${mine.id}`)).json()).toEqual(mine)
      expect((await stranger.inject(`/api/incidents/${firstId}`)).statusCode).toBe(404)
      expect((await incidentsWith(clientId)).map((r) => r.id)).toEqual([firstId, mine.id])
    },
  )

  it('files two users’ reports with one clientId arriving together, each its own', async () => {
    const clientId = randomUUID()
    const replies = await Promise.all([
      send(worker, reportFields(here, { clientId })),
      send(stranger, reportFields(there, { clientId })),
      send(worker, reportFields(here)),
    ])
    expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201])
    const [mine, theirs] = replies.map((r) => r.json<Detail>())
    expect(mine!.id).not.toBe(theirs!.id)
    expect((await incidentsWith(clientId)).map((r) => r.reporter_id).sort()).toEqual(
      [mine!.reporter.id, theirs!.reporter.id].sort(),
    )
  })

  it.each([
    ['without photos', false],
    ['with a photo', true],
  ])('answers the same report sent again (%s) with the submitter’s own first case', async (_name, withPhoto) => {
    // The accuracy is stored as a float4: a retry of the same value is the same report.
    const fields = reportFields(here, { accuracy: '10.123456789', address: '虞河路 7 号', selfHandled: 'true' })
    const first = await send(worker, fields, withPhoto)
    expect(first.statusCode, first.body).toBe(201)
    const again = await send(worker, fields, withPhoto)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect(await incidentsWith(fields.clientId!)).toHaveLength(1)
  })

  it.each([
    ['description', { description: '另一件事' }],
    ['category', { categoryCode: 'E0102' }],
    ['point', { lng: String(here.lng + 0.0001) }],
    ['on-the-spot handling', { selfHandled: 'true' }],
    ['address', { address: '别处' }],
  ])(
    'refuses the same clientId with another %s: 409 IDEMPOTENCY_KEY_REUSED, nothing written',
    async (_name, change) => {
      const fields = reportFields(here)
      expect((await send(worker, fields)).statusCode).toBe(201)
      const before = await incidentsWith(fields.clientId!)
      for (const withPhoto of [false, true]) {
        const res = await send(worker, { ...fields, ...change }, withPhoto)
        expect(res.statusCode, res.body).toBe(409)
        expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
        expect(res.body).not.toContain(fields.description)
      }
      expect(await incidentsWith(fields.clientId!)).toEqual(before)
    },
  )

  it('refuses the second of two different reports under one clientId arriving together', async () => {
    const fields = reportFields(here)
    const other = { ...fields, description: '同一个键，另一件事' }
    const replies = await Promise.all([send(worker, fields), send(worker, other), send(worker, fields)])
    // Which report the statement meets first is the arrival order's (multipart parsing ends when it ends): the one
    // filed gets 201, a retry of it 200, a different report under its key 409.
    const filed = replies.find((r) => r.statusCode === 201)!.json<Detail>()
    const expected = filed.description === other.description ? [201, 409, 409] : [200, 201, 409]
    expect(replies.map((r) => r.statusCode).sort()).toEqual(expected)
    expect((await incidentsWith(fields.clientId!)).map((r) => r.description)).toEqual([filed.description])
  })
})

const stationId = await newStation('37070500200401', '幂等键测试网格服务站')
const at = await stationPoint(stationId)
const audit = (app: SignedInApp, form: ReturnType<typeof auditForm>) =>
  app.inject({ method: 'POST', url: `/api/stations/${stationId}/audits`, ...form })
const auditsWith = (clientId: string) =>
  withClient(
    async (c) =>
      (
        await c.query<{ auditor_id: number; score: number }>(
          'select auditor_id, score from station_audits where client_id = $1 order by id',
          [clientId],
        )
      ).rows,
  )
const ids = await withClient(
  async (c) =>
    (
      await c.query<{ phone: string; id: number }>('select phone, id from users where phone = any($1)', [
        [DEMO.manager, DEMO.admin],
      ])
    ).rows,
)
const idOf = (phone: string) => ids.find((u) => u.phone === phone)!.id

describe('an audit’s clientId is keyed by its auditor', () => {
  it('files another auditor’s clientId as their own audit', async () => {
    const clientId = randomUUID()
    expect((await audit(manager, auditForm(at, auditSheet(), [], { clientId }))).statusCode).toBe(201)
    const res = await audit(
      admin,
      auditForm(at, auditSheet({ venue: { passed: false, deduction: 5 } }), [], { clientId }),
    )
    expect(res.statusCode, res.body).toBe(201)
    expect(await auditsWith(clientId)).toEqual([
      { auditor_id: idOf(DEMO.manager), score: 100 },
      { auditor_id: idOf(DEMO.admin), score: 95 },
    ])
  })

  it('answers the same audit sent again with the first, and another under the same key with 409', async () => {
    const form = auditForm(at, auditSheet({ rules: { passed: false, deduction: 3, note: '制度未上墙' } }), [], {
      note: '季度检查',
    })
    const first = await audit(manager, form)
    expect(first.statusCode, first.body).toBe(201)
    const again = await audit(manager, form)
    expect(again.statusCode, again.body).toBe(200)
    const clientId = /name="clientId"\r\n\r\n([^\r]+)/.exec(form.payload.toString())![1]!
    for (const changed of [
      auditForm(at, auditSheet(), [], { clientId, note: '季度检查' }),
      auditForm(at, auditSheet({ rules: { passed: false, deduction: 3, note: '制度未上墙' } }), [], {
        clientId,
        note: '另一次',
      }),
      auditForm(
        { lng: at.lng + 0.001, lat: at.lat },
        auditSheet({ rules: { passed: false, deduction: 3, note: '制度未上墙' } }),
        [],
        { clientId, note: '季度检查' },
      ),
    ]) {
      const res = await audit(manager, changed)
      expect(res.statusCode, res.body).toBe(409)
      expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
    }
    expect(await auditsWith(clientId)).toHaveLength(1)
  })
})

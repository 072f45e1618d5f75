import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { DEMO, signedInApp, withClient } from './helper.ts'
import { auditCounts, auditForm, auditSheet, newStation, stationPoint } from './stations-fixtures.ts'

const manager = await signedInApp(DEMO.manager)
const worker = await signedInApp(DEMO.worker)
afterAll(async () => {
  await manager.close()
  await worker.close()
})

const jpeg = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: '#a63' } })
    .withMetadata({ exif: { IFD0: { Make: 'TestPhone', Model: 'X' } } })
    .jpeg()
    .toBuffer()

let stationId: number
let here: { lng: number; lat: number }
beforeAll(async () => {
  stationId = await newStation('37070500200302', '审计测试网格服务站')
  here = await stationPoint(stationId)
})

const submit = (app: typeof manager, form: ReturnType<typeof auditForm>, id = stationId) =>
  app.inject({ method: 'POST', url: `/api/stations/${id}/audits`, ...form })

interface Detail {
  compliance: { status: string; score: number | null; compliant: boolean }
  audits: {
    id: string
    score: number
    passedAll: boolean
    offSite: boolean
    distanceM: number
    auditor: { name: string }
    items: { code: string; passed: boolean; deduction: number; note: string | null; photos: string[] }[]
  }[]
  rectifications: { item: string; dueOn: string; closedByAuditId: string | null }[]
}

describe('POST /api/stations/{id}/audits', () => {
  it('records an audit with a failing item and its photo; the station turns failing', async () => {
    const res = await submit(
      manager,
      auditForm(
        here,
        auditSheet({ signage: { passed: false, deduction: 6, note: '门头标识破损', rectifyBy: '2099-01-31' } }),
        [{ field: 'photos.signage', name: 'sign.jpg', type: 'image/jpeg', bytes: await jpeg() }],
      ),
    )
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json<Detail>()
    expect(body.compliance).toMatchObject({ status: 'failing', compliant: false, score: 94 })
    const [audit] = body.audits
    expect(audit).toMatchObject({ score: 94, passedAll: false, offSite: false, auditor: { name: '刘主任' } })
    expect(audit!.distanceM).toBeLessThan(1)
    const signage = audit!.items.find((i) => i.code === 'signage')!
    expect(signage).toMatchObject({ passed: false, deduction: 6, note: '门头标识破损' })
    expect(signage.photos).toHaveLength(1)
    expect(body.rectifications).toEqual([
      expect.objectContaining({ item: 'signage', dueOn: '2099-01-31', closedByAuditId: null }),
    ])

    // The photo went through the incidents' pipeline: re-encoded without EXIF, with a thumbnail.
    const photo = await manager.inject(`/api/stations/photos/${signage.photos[0]}`)
    expect(photo.statusCode).toBe(200)
    expect((await sharp(photo.rawPayload).metadata()).exif).toBeUndefined()
    expect((await manager.inject(`/api/stations/photos/${signage.photos[0]}?variant=thumb`)).statusCode).toBe(200)

    const log = await withClient(
      async (c) =>
        (
          await c.query(
            `select action, after from audit_log where entity = 'station' and entity_id = $1 order by id desc limit 1`,
            [String(stationId)],
          )
        ).rows[0],
    )
    expect(log).toMatchObject({
      action: 'station.audit',
      after: { auditId: audit!.id, score: 94, passedAll: false, failed: ['signage'] },
    })
  })

  it('closes the rectification with a later passing audit, and the station is compliant again', async () => {
    const res = await submit(manager, auditForm(here, auditSheet()))
    expect(res.statusCode).toBe(201)
    const body = res.json<Detail>()
    expect(body.compliance).toMatchObject({ status: 'compliant', score: 100 })
    expect(body.rectifications).toEqual([
      expect.objectContaining({ item: 'signage', closedByAuditId: body.audits[0]!.id }),
    ])
  })

  it('marks an audit taken more than 300 m from the station off-site', async () => {
    const far = { lng: here.lng + 0.005, lat: here.lat } // ≈ 450 m east at 36.7° N
    const res = await submit(manager, auditForm(far, auditSheet()))
    expect(res.statusCode, res.body).toBe(201)
    const [audit] = res.json<Detail>().audits
    expect(audit!.offSite).toBe(true)
    expect(audit!.distanceM).toBeGreaterThan(400)
    expect(audit!.distanceM).toBeLessThan(500)
  })

  it('returns the first audit for a retried clientId instead of filing a second', async () => {
    const form = auditForm(here, auditSheet(), [], { clientId: '7d1f3c52-6a0e-4c8e-9a55-0f0b8a1d2e3f' })
    const first = await submit(manager, form)
    const before = await auditCounts()
    const again = await submit(manager, form)
    expect([first.statusCode, again.statusCode]).toEqual([201, 200])
    expect(again.json<Detail>().audits[0]!.id).toBe(first.json<Detail>().audits[0]!.id)
    expect(await auditCounts()).toEqual(before)
  })

  it('files exactly one audit from ten concurrent retries of the same clientId', async () => {
    const form = auditForm(here, auditSheet(), [], { clientId: '0b7e2d4a-93c1-4f5e-8a6b-2c3d4e5f6a7b' })
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(manager, form)))
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201])
    const rows = await withClient(
      async (c) =>
        (
          await c.query(
            `select count(*)::int n from station_audits where client_id = '0b7e2d4a-93c1-4f5e-8a6b-2c3d4e5f6a7b'`,
          )
        ).rows[0].n,
    )
    expect(rows).toBe(1)
  })

  it.each([
    [
      'an item missing',
      () =>
        auditForm(
          here,
          auditSheet().filter((i) => i.code !== 'staffing'),
        ),
      400,
      'staffing',
    ],
    [
      'an unknown item',
      () => auditForm(here, [...auditSheet(), { code: 'parking', passed: true, deduction: 0 }]),
      400,
      'parking',
    ],
    [
      'a failed item without a deduction',
      () => auditForm(here, auditSheet({ rules: { passed: false } })),
      400,
      'deduction',
    ],
    ['items that are not JSON', () => auditForm(here, auditSheet(), [], { items: '[{' }), 400, 'items'],
    [
      'a photo for an unknown item',
      async () =>
        auditForm(here, auditSheet(), [
          { field: 'photos.parking', name: 'p.jpg', type: 'image/jpeg', bytes: await jpeg() },
        ]),
      400,
      'photos.parking',
    ],
    [
      'a bad photo (a renamed PDF)',
      () =>
        auditForm(here, auditSheet(), [
          { field: 'photos.venue', name: 'venue.jpg', type: 'image/jpeg', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') },
        ]),
      400,
      'BAD_PHOTO',
    ],
    [
      'a truncated photo',
      async () =>
        auditForm(here, auditSheet(), [
          { field: 'photos.venue', name: 'cut.jpg', type: 'image/jpeg', bytes: (await jpeg()).subarray(0, 2000) },
        ]),
      400,
      'BAD_PHOTO',
    ],
    [
      'a location outside the street',
      () => auditForm({ lng: 116.397, lat: 39.909 }, auditSheet()),
      422,
      'OUTSIDE_MANAGED_AREA',
    ],
    [
      'a rectification date in the past',
      () => auditForm(here, auditSheet({ rules: { passed: false, deduction: 3, rectifyBy: '2020-01-01' } })),
      400,
      'rectifyBy',
    ],
  ])('refuses %s and writes nothing', async (_what, form, status, mention) => {
    const before = await auditCounts()
    const res = await submit(manager, await form())
    expect(res.statusCode, res.body).toBe(status)
    expect(res.body).toContain(mention)
    expect(await auditCounts()).toEqual(before)
  })

  it('refuses a worker with 403 and writes nothing', async () => {
    const before = await auditCounts()
    expect((await submit(worker, auditForm(here, auditSheet()))).statusCode).toBe(403)
    expect(await auditCounts()).toEqual(before)
  })

  it('answers 404 for a station that does not exist', async () => {
    expect((await submit(manager, auditForm(here, auditSheet()), 999_999)).statusCode).toBe(404)
  })
})

describe('audits are immutable', () => {
  it('has no route that changes or deletes an audit', async () => {
    const { audits } = (await manager.inject(`/api/stations/${stationId}`)).json<Detail>()
    const id = audits[0]!.id
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      expect(
        (await manager.inject({ method, url: `/api/stations/${stationId}/audits/${id}`, payload: { score: 100 } }))
          .statusCode,
      ).toBe(404)
    }
  })

  it('is enforced by the database: updates and deletes of audits, items and photos are refused', async () => {
    const { audits } = (await manager.inject(`/api/stations/${stationId}`)).json<Detail>()
    const id = audits.at(-1)!.id
    // One connection per statement: after an error the embedded database's connection is not reused.
    const run = (text: string) => withClient((c) => c.query(text, [id]))
    await expect(run('update station_audits set score = 100 where id = $1')).rejects.toThrow(/immutable/)
    await expect(run('delete from station_audits where id = $1')).rejects.toThrow(/immutable/)
    await expect(run('update station_audit_items set passed = true where audit_id = $1')).rejects.toThrow(/immutable/)
    await expect(run('delete from station_audit_photos where audit_id = $1')).rejects.toThrow(/immutable/)
    expect(
      (
        await run(
          'select score, (select count(*)::int from station_audit_photos where audit_id = $1) photos from station_audits where id = $1',
        )
      ).rows[0],
    ).toEqual({ score: 94, photos: 1 })
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { DEMO, multipart, pointInGrid, signedInApp, withClient } from './helper.ts'

const worker = await signedInApp(DEMO.worker)
const handler = await signedInApp(DEMO.handler)
afterAll(async () => {
  await worker.close()
  await handler.close()
})

const CELL = '370705002001001'
const jpegWithGps = () =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background: '#6a8' } })
    .withMetadata({ exif: { IFD0: { Make: 'TestPhone', Model: 'X' }, IFD3: { GPSLatitudeRef: 'N' } } })
    .jpeg()
    .toBuffer()

async function report(app = worker, fields: Record<string, string> = {}, files: Parameters<typeof multipart>[1] = []) {
  const here = await pointInGrid(CELL)
  const form = multipart(
    {
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '路边暴露垃圾',
      lng: String(here.lng),
      lat: String(here.lat),
      accuracy: '8',
      ...fields,
    },
    files,
  )
  return app.inject({ method: 'POST', url: '/api/incidents', ...form })
}

const counts = () =>
  withClient(
    async (c) =>
      (
        await c.query(
          'select (select count(*)::int from incidents) i, (select count(*)::int from incident_history) h, (select count(*)::int from photos) p',
        )
      ).rows[0],
  )

describe('POST /api/incidents', () => {
  it('files a report with its grid chain, case number, history and a photo stripped of EXIF', async () => {
    const res = await report(worker, {}, [
      { field: 'photos', name: 'scene.jpg', type: 'image/jpeg', bytes: await jpegWithGps() },
    ])
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json<{
      id: string
      caseNumber: string
      status: string
      grids: { code: string }[]
      history: { action: string; to: string }[]
      photos: { sha256: string }[]
      createdAt: string
    }>()
    expect(body.caseNumber).toMatch(/^DY-\d{8}-\d{4}$/)
    expect(body.caseNumber.slice(3, 11)).toBe(body.createdAt.slice(0, 10).replaceAll('-', ''))
    expect(body.createdAt).toMatch(/\+08:00$/)
    expect(body.status).toBe('reported')
    expect(body.grids.map((g) => g.code)).toEqual([
      '370705002001',
      expect.stringMatching(/^37070500200101\d$|^370705002001\d{2}$/),
      CELL,
    ])
    expect(body.history).toEqual([expect.objectContaining({ action: 'report', to: 'reported' })])
    expect(body.photos).toHaveLength(1)
    const photo = await worker.inject(`/api/photos/${body.photos[0]!.sha256}`)
    expect(photo.statusCode).toBe(200)
    expect(photo.headers['content-type']).toBe('image/jpeg')
    const meta = await sharp(photo.rawPayload).metadata()
    expect(meta.exif).toBeUndefined()
    expect((await worker.inject(`/api/photos/${body.photos[0]!.sha256}?variant=thumb`)).statusCode).toBe(200)
    // The handler's department has not been given this case: it does not exist for them.
    expect((await handler.inject(`/api/incidents/${body.id}`)).statusCode).toBe(404)
    expect((await handler.inject(`/api/photos/${body.photos[0]!.sha256}`)).statusCode).toBe(404)
  })

  it('answers a new report with exactly what reading it back gives (the reply is composed, not read)', async () => {
    const cases: [Record<string, string>, NonNullable<Parameters<typeof multipart>[1]>][] = [
      [{}, []],
      [{ selfHandled: 'true', address: '虞河路 12 号', accuracy: '10.123456789' }, []],
      [
        { description: '两张照片' },
        [1, 2].map((n) => ({ field: 'photos', name: `p${n}.jpg`, type: 'image/jpeg', bytes: Buffer.alloc(0) })),
      ],
    ]
    for (const [fields, files] of cases) {
      const photos = await Promise.all(
        files.map(async (f, i) => ({
          ...f,
          bytes: await sharp({ create: { width: 300, height: 200, channels: 3, background: i ? '#333' : '#ccc' } })
            .jpeg()
            .toBuffer(),
        })),
      )
      const res = await report(worker, fields, photos)
      expect(res.statusCode, res.body).toBe(201)
      const read = await worker.inject(`/api/incidents/${res.json<{ id: string }>().id}`)
      expect(res.json()).toEqual(read.json())
    }
  })

  it('keeps counting past the 9,999th case of a day (lpad would truncate)', async () => {
    await withClient((c) => c.query(`select continue_case_numbers((now() at time zone 'Asia/Shanghai')::date, 9999)`))
    const res = await report(worker)
    expect(res.statusCode).toBe(201)
    expect(res.json<{ caseNumber: string }>().caseNumber).toMatch(/^DY-\d{8}-\d{5,}$/)
  })

  it('starts a problem fixed on the spot at "handled"', async () => {
    const res = await report(worker, { selfHandled: 'true' })
    expect(res.json()).toMatchObject({ status: 'handled', selfHandled: true })
  })

  it('makes exactly one incident from 20 concurrent retries of the same clientId', async () => {
    const clientId = randomUUID()
    const results = await Promise.all(Array.from({ length: 20 }, () => report(worker, { clientId })))
    const ids = new Set(results.map((r) => r.json<{ id: string }>().id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(19)
    const rows = await withClient(
      async (c) => (await c.query('select count(*)::int n from incidents where client_id = $1', [clientId])).rows[0].n,
    )
    expect(rows).toBe(1)
  })

  it('refuses a point outside the street with 422 and writes nothing', async () => {
    const before = await counts()
    const res = await report(worker, { lng: '116.397', lat: '39.909' })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'OUTSIDE_MANAGED_AREA' })
    expect(await counts()).toEqual(before)
  })

  it.each([
    [
      'a renamed PDF',
      400,
      () => Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      'photo.jpg',
    ],
    ['a truncated JPEG', 400, async () => (await jpegWithGps()).subarray(0, 3000), 'cut.jpg'],
    ['a 20 MB file', 413, () => Buffer.alloc(20 * 1024 * 1024, 0xff), 'huge.jpg'],
  ])('refuses %s with %i and writes nothing', async (_name, status, bytes, name) => {
    const before = await counts()
    const res = await report(worker, {}, [{ field: 'photos', name, type: 'image/jpeg', bytes: await bytes() }])
    expect(res.statusCode).toBe(status)
    expect(await counts()).toEqual(before)
  })

  it('refuses bad fields with 400 and names them', async () => {
    const res = await report(worker, { clientId: 'not-a-uuid', categoryCode: 'E9999' })
    expect(res.statusCode).toBe(400)
    expect(JSON.stringify(res.json())).toContain('clientId')
    expect((await report(worker, { categoryCode: 'E9999' })).statusCode).toBe(400)
  })

  it('lets workers and supervisors report, not handlers', async () => {
    expect((await report(handler)).statusCode).toBe(403)
  })
})

describe('GET /api/categories', () => {
  it('has the standard’s groups and at least 30 sub-categories with limits and departments', async () => {
    const groups = (await worker.inject('/api/categories')).json<
      {
        name: string
        kind: string
        children: { code: string; defaultDepartmentId: number; handlingLimit: { amount: number } }[]
      }[]
    >()
    expect(groups.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        '市容环境',
        '宣传广告',
        '施工管理',
        '街面秩序',
        '突发事件',
        '公用设施',
        '交通设施',
        '市容环境设施',
        '园林绿化设施',
        '其他设施',
      ]),
    )
    const subs = groups.flatMap((g) => g.children)
    expect(subs.length).toBeGreaterThanOrEqual(30)
    expect(subs.every((s) => s.defaultDepartmentId > 0 && s.handlingLimit.amount > 0)).toBe(true)
  })
})

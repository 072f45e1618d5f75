import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

let worker: SignedInApp
let street: SignedInApp
let manager: SignedInApp
const mine: string[] = []
let elsewhere: { id: string; caseNumber: string }

async function reportAt(app: SignedInApp, cell: string, categoryCode: string) {
  const at = await pointInGrid(cell)
  const form = multipart({
    clientId: randomUUID(),
    categoryCode,
    description: `测试 ${categoryCode}`,
    lng: String(at.lng),
    lat: String(at.lat),
  })
  const res = await app.inject({ method: 'POST', url: '/api/incidents', ...form })
  expect(res.statusCode).toBe(201)
  return res.json<{ id: string; caseNumber: string }>()
}

beforeAll(async () => {
  worker = await signedInApp(DEMO.worker)
  street = await signedInApp(DEMO.streetSupervisor)
  manager = await signedInApp(DEMO.manager)
  for (const code of ['E0101', 'E0402', 'C0102']) mine.push((await reportAt(worker, '370705002001001', code)).id)
  elsewhere = await reportAt(street, '370705002009003', 'E0301')
})
afterAll(async () => {
  for (const app of [worker, street, manager]) await app.close()
})

type Page = {
  items: { id: string; status: string; category: { code: string }; grid: { code: string }; overdue: boolean }[]
  nextCursor: string | null
}
const list = async (app: SignedInApp, query = '') => (await app.inject(`/api/incidents?limit=200${query}`)).json<Page>()

describe('GET /api/incidents', () => {
  it('shows a worker their grid’s incidents and not another community’s; a manager sees both', async () => {
    const seen = (await list(worker)).items.map((i) => i.id)
    expect(seen).toEqual(expect.arrayContaining(mine))
    expect(seen).not.toContain(elsewhere.id)
    expect((await list(manager)).items.map((i) => i.id)).toEqual(expect.arrayContaining([...mine, elsewhere.id]))
  })

  it('filters by category group or sub-category, grid subtree, status, text and bbox', async () => {
    const streetGroup = (await list(manager, '&category=E04')).items
    expect(streetGroup.every((i) => i.category.code.startsWith('E04'))).toBe(true)
    expect(streetGroup.map((i) => i.id)).toContain(mine[1])
    expect((await list(manager, '&category=C0102')).items.map((i) => i.id)).toContain(mine[2])
    const communityId = (await manager.inject('/api/grids?level=1'))
      .json<{ features: { properties: { id: number; code: string } }[] }>()
      .features.find((f) => f.properties.code === '370705002009')!.properties.id
    const inCommunity9 = (await list(manager, `&grid=${communityId}`)).items
    expect(inCommunity9.map((i) => i.id)).toContain(elsewhere.id)
    expect(inCommunity9.every((i) => i.grid.code.startsWith('370705002009'))).toBe(true)
    expect((await list(manager, '&status=closed')).items.map((i) => i.id)).not.toContain(elsewhere.id)
    expect((await list(manager, `&q=${elsewhere.caseNumber}`)).items.map((i) => i.id)).toEqual([elsewhere.id])
    const at = await pointInGrid('370705002009003')
    const box = [at.lng - 0.0005, at.lat - 0.0005, at.lng + 0.0005, at.lat + 0.0005].join(',')
    expect((await list(manager, `&bbox=${box}`)).items.map((i) => i.id)).toContain(elsewhere.id)
  })

  it('filters by a grid of every level: its unit grid and area hold the case, a neighbouring unit grid does not', async () => {
    const chain = await withClient(
      async (c) =>
        (
          await c.query<{ l3: number; l2: number; neighbour: number }>(
            `select g.id l3, g.parent_id l2, (select id from grids where code = '370705002009001') neighbour
             from grids g where g.code = '370705002009003'`,
          )
        ).rows[0]!,
    )
    const inUnit = (await list(manager, `&grid=${chain.l3}`)).items
    expect(inUnit.map((i) => i.id)).toContain(elsewhere.id)
    expect(inUnit.every((i) => i.grid.code === '370705002009003')).toBe(true)
    const inArea = (await list(manager, `&grid=${chain.l2}`)).items
    expect(inArea.map((i) => i.id)).toContain(elsewhere.id)
    expect(inArea.length).toBeGreaterThanOrEqual(inUnit.length)
    expect((await list(manager, `&grid=${chain.neighbour}`)).items.map((i) => i.id)).not.toContain(elsewhere.id)
    // A grid that does not exist holds nothing.
    expect((await list(manager, '&grid=2147483000')).items).toEqual([])
  })

  it('finds text in the description, case number or address, and takes % and _ literally', async () => {
    const at = await pointInGrid('370705002001001')
    const description = `窨井盖缺失 ${randomUUID().slice(0, 8)}`
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'C0102',
      description,
      address: '虞河路 100% 号_东侧',
      lng: String(at.lng),
      lat: String(at.lat),
    })
    const { id } = (await worker.inject({ method: 'POST', url: '/api/incidents', ...form })).json<{ id: string }>()
    const search = async (q: string) => (await list(manager, `&q=${encodeURIComponent(q)}`)).items.map((i) => i.id)
    expect(await search(description.slice(-8))).toEqual([id])
    expect(await search('窨井盖')).toContain(id)
    expect(await search('100% 号_东')).toEqual([id])
    expect(await search('%')).toEqual([id])
    expect(await search('号_东')).toEqual([id])
    expect(await search('号x东')).toEqual([])
  })

  it('lists only the caller’s own reports with reporter=me, from any session of theirs', async () => {
    const onAnotherPhone = await signedInApp(DEMO.worker)
    try {
      const own = (await list(onAnotherPhone, '&reporter=me')).items.map((i) => i.id)
      expect(own).toEqual(expect.arrayContaining(mine))
      expect(own).not.toContain(elsewhere.id)
    } finally {
      await onAnotherPhone.close()
    }
    const streets = (await list(street, '&reporter=me')).items.map((i) => i.id)
    expect(streets).toContain(elsewhere.id)
    expect(streets).not.toEqual(expect.arrayContaining([mine[0]]))
    // The manager sees every case but reported none of these.
    expect((await list(manager, '&reporter=me')).items.map((i) => i.id)).not.toContain(mine[0])
    expect((await manager.inject('/api/incidents?reporter=13800000001')).statusCode).toBe(400)
  })

  it('pages newest first with a cursor', async () => {
    const first = (await manager.inject('/api/incidents?limit=2')).json<Page>()
    expect(first.items).toHaveLength(2)
    const second = (await manager.inject(`/api/incidents?limit=2&cursor=${first.nextCursor}`)).json<Page>()
    expect(BigInt(second.items[0]!.id)).toBeLessThan(BigInt(first.items[1]!.id))
  })

  it('answers 400 for a bad filter', async () => {
    expect((await manager.inject('/api/incidents?status=lost')).statusCode).toBe(400)
    expect((await manager.inject('/api/incidents?limit=0')).statusCode).toBe(400)
  })
})

describe('GET /api/incidents/geojson', () => {
  it('gives points with status, category and overdue, within the user’s visibility', async () => {
    const fc = (await worker.inject('/api/incidents/geojson')).json<{
      features: { properties: { id: string; status: string; category: string; overdue: boolean } }[]
    }>()
    const ids = fc.features.map((f) => f.properties.id)
    expect(ids).toEqual(expect.arrayContaining(mine))
    expect(ids).not.toContain(elsewhere.id)
    expect(fc.features[0]!.properties).toMatchObject({
      status: expect.any(String),
      category: expect.any(String),
      overdue: false,
    })
  })
})

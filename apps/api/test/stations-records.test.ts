import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { DEMO, pointInGrid, signedInApp, withClient } from './helper.ts'
import { auditForm, auditSheet, stationPoint } from './stations-fixtures.ts'

const manager = await signedInApp(DEMO.manager)
const supervisor = await signedInApp(DEMO.supervisor)
afterAll(async () => {
  await manager.close()
  await supervisor.close()
})

const AREA = '37070500200405'
let areaId: number
beforeAll(async () => {
  areaId = await withClient(
    async (c) => (await c.query<{ id: number }>('select id from grids where code = $1', [AREA])).rows[0]!.id,
  )
})

const stationBody = async (overrides: Record<string, unknown> = {}) => {
  const at = await pointInGrid(AREA)
  return {
    name: '宝通社区第五片区便民服务站',
    gridId: areaId,
    lng: at.lng,
    lat: at.lat,
    address: '潍坊市奎文区宝通东街88号',
    contactName: '周立新',
    contactPhone: '13655551234',
    openingHours: '周一至周五 8:30–17:30',
    ...overrides,
  }
}
const stationCount = () =>
  withClient(async (c) => (await c.query<{ n: number }>('select count(*)::int n from stations')).rows[0]!.n)

describe('station records', () => {
  let created: number

  it('creates a station inside its grid, typed by the grid’s level, with an audit-log row', async () => {
    const res = await manager.inject({ method: 'POST', url: '/api/stations', payload: await stationBody() })
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json<{
      id: number
      type: string
      grid: { code: string }
      compliance: { status: string; due: boolean }
    }>()
    expect(body).toMatchObject({
      type: 'grid_service_station',
      grid: { code: AREA },
      compliance: { status: 'unaudited', due: true },
    })
    created = body.id
    const log = await withClient(
      async (c) =>
        (await c.query(`select action from audit_log where entity = 'station' and entity_id = $1`, [String(created)]))
          .rows,
    )
    expect(log).toEqual([{ action: 'station.create' }])
  })

  it('refuses a point outside the station’s grid with 422 and writes nothing', async () => {
    const before = await stationCount()
    const elsewhere = await pointInGrid('370705002009005')
    const res = await manager.inject({
      method: 'POST',
      url: '/api/stations',
      payload: await stationBody({ lng: elsewhere.lng, lat: elsewhere.lat }),
    })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ code: 'OUTSIDE_STATION_GRID' })
    expect(
      (await manager.inject({ method: 'POST', url: '/api/stations', payload: await stationBody({ gridId: 999_999 }) }))
        .statusCode,
    ).toBe(400)
    expect(
      (
        await manager.inject({
          method: 'POST',
          url: '/api/stations',
          payload: await stationBody({ contactPhone: '12345' }),
        })
      ).statusCode,
    ).toBe(400)
    expect(await stationCount()).toBe(before)
  })

  it('refuses a supervisor with 403', async () => {
    expect(
      (await supervisor.inject({ method: 'POST', url: '/api/stations', payload: await stationBody() })).statusCode,
    ).toBe(403)
    expect(
      (await supervisor.inject({ method: 'PATCH', url: `/api/stations/${created}`, payload: { name: 'x' } }))
        .statusCode,
    ).toBe(403)
  })

  it('moves a station only within its grid, and an inactive station cannot be audited (409)', async () => {
    const elsewhere = await pointInGrid('370705002009005')
    expect(
      (await manager.inject({ method: 'PATCH', url: `/api/stations/${created}`, payload: elsewhere })).statusCode,
    ).toBe(422)
    const res = await manager.inject({
      method: 'PATCH',
      url: `/api/stations/${created}`,
      payload: { active: false, openingHours: '暂停开放' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ active: false, openingHours: '暂停开放' })
    const audit = await manager.inject({
      method: 'POST',
      url: `/api/stations/${created}/audits`,
      ...auditForm(await stationPoint(created), auditSheet()),
    })
    expect(audit.statusCode).toBe(409)
    const log = await withClient(
      async (c) =>
        (
          await c.query(
            `select action, before->>'active' was, after->>'active' now from audit_log where entity = 'station' and entity_id = $1 order by id`,
            [String(created)],
          )
        ).rows,
    )
    expect(log).toEqual([
      { action: 'station.create', was: null, now: 'true' },
      { action: 'station.update', was: 'true', now: 'false' },
    ])
  })
})

describe('GET /api/stations/export', () => {
  let auditId: string
  let stationId: number
  beforeAll(async () => {
    const [station] = (await manager.inject('/api/stations?limit=1&type=community_work_station&active=true')).json<{
      items: { id: number }[]
    }>().items
    stationId = station!.id
    const res = await manager.inject({
      method: 'POST',
      url: `/api/stations/${stationId}/audits`,
      ...auditForm(
        await stationPoint(stationId),
        auditSheet({ commitment: { passed: false, deduction: 7, note: '服务承诺未公示（导出测试）' } }),
      ),
    })
    auditId = res.json<{ audits: { id: string }[] }>().audits[0]!.id
  })

  it('gives an XLSX workbook with Chinese headers that holds the new audit', async () => {
    const res = await manager.inject('/api/stations/export?format=xlsx')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E7%AB%99%E7%82%B9")
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['站点合规', '社区汇总', '片区汇总', '检查记录'])
    const audits = workbook.getWorksheet('检查记录')!
    expect((audits.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['检查编号', '站点名称', '所属网格'])
    const rows = audits.getSheetValues().filter(Boolean) as unknown[][]
    const row = rows.find((r) => r[1] === auditId)
    expect(row).toBeDefined()
    expect(row).toContain('不合格（扣7分）：服务承诺未公示（导出测试）')
    const stations = workbook.getWorksheet('站点合规')!
    const count = await withClient(
      async (c) => (await c.query<{ n: number }>('select count(*)::int n from stations')).rows[0]!.n,
    )
    expect(stations.rowCount).toBe(count + 1)
    expect(workbook.getWorksheet('社区汇总')!.rowCount).toBe(10)
  })

  it('gives each table as CSV with a UTF-8 BOM and Chinese headers', async () => {
    const res = await manager.inject(`/api/stations/export?format=csv&table=audits&station=${stationId}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n')
    expect(lines[0]!.startsWith('检查编号,站点名称,所属网格,检查时间,检查人,得分')).toBe(true)
    expect(lines[1]!.startsWith(`${auditId},`)).toBe(true)
    const stations = (await manager.inject('/api/stations/export?format=csv')).rawPayload.subarray(3).toString('utf8')
    expect(stations.split('\r\n')[0]).toContain('站点名称,站点类型,所属网格编码')
    // Contact numbers leave the system masked.
    expect(stations).not.toMatch(/,1[3-9]\d{9},/)
  })

  it('exports only what the user may see', async () => {
    const res = await supervisor.inject('/api/stations/export?format=csv&table=stations')
    const lines = res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n')
    const visible = (await supervisor.inject('/api/stations?limit=500')).json<{ items: unknown[] }>().items.length
    expect(lines).toHaveLength(visible + 1)
    const outside = await withClient(
      async (c) =>
        (
          await c.query<{ id: number }>(
            `select s.id from stations s join grids g on g.id = s.grid_id where g.code = '370705002009'`,
          )
        ).rows[0]!.id,
    )
    expect((await supervisor.inject(`/api/stations/export?format=xlsx&station=${outside}`)).statusCode).toBe(404)
    expect((await manager.inject(`/api/stations/export?format=xlsx&station=${outside}`)).statusCode).toBe(200)
  })
})

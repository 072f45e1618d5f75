import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { idNumberCheckCharacter } from '@wangge/accounts'
import { filledTemplate } from '../src/plugins/app/registry/registry-sheets.ts'
import { DEMO, multipart, signedInApp, withClient, type SignedInApp } from './helper.ts'

const CLEAR_ID_NUMBER = '[0-9]{17}[0-9X]'
const CLEAR_PHONE = '(^|[^0-9])1[3-9][0-9]{9}($|[^0-9])'

/** A synthetic ID number (division 370799, none real) with a valid check character. */
function idNumber(birth: string, sequence: number): string {
  const first17 = `370799${birth}${String(sequence).padStart(3, '0')}`
  return first17 + idNumberCheckCharacter(first17)
}

async function sheet(header: string[], rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const ws = workbook.addWorksheet('实有人口')
  ws.addRow(header)
  for (const row of rows) ws.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

let worker: SignedInApp
let manager: SignedInApp
let supervisor: SignedInApp
let workerGrid: number
let otherGrid: number

beforeAll(async () => {
  // One after another: three apps connecting at once on a loaded machine can miss the pool's connect timeout.
  worker = await signedInApp(DEMO.worker)
  manager = await signedInApp(DEMO.manager)
  supervisor = await signedInApp(DEMO.supervisor)
  const grids = await withClient(async (c) => {
    const mine = await c.query<{ grid_id: number }>(
      'select ug.grid_id from user_grids ug join users u on u.id = ug.user_id where u.phone = $1',
      [DEMO.worker],
    )
    const other = await c.query<{ id: number }>(
      `select g.id from grids g where g.level = 3 and g.id <> all($1::int[])
         and exists (select 1 from registry.residents r where r.grid_l3_id = g.id) order by g.code desc limit 1`,
      [mine.rows.map((r) => r.grid_id)],
    )
    return { mine: mine.rows[0]!.grid_id, other: other.rows[0]!.id }
  })
  workerGrid = grids.mine
  otherGrid = grids.other
})

afterAll(async () => {
  await Promise.all([worker?.close(), manager?.close(), supervisor?.close()])
})

describe('the registry at rest', () => {
  it('holds no ID number or phone in clear in any text column of the registry tables', async () => {
    const found = await withClient(async (c) => {
      const columns = await c.query<{ table_name: string; column_name: string }>(
        `select table_name, column_name from information_schema.columns
         where table_schema = 'registry' and data_type in ('text', 'character varying', 'ARRAY')`,
      )
      expect(columns.rows.length).toBeGreaterThan(20)
      const hits: string[] = []
      for (const { table_name, column_name } of columns.rows) {
        const { rows } = await c.query<{ n: number }>(
          `select count(*)::int n from registry.${table_name} where ${column_name}::text ~ $1 or ${column_name}::text ~ $2`,
          [CLEAR_ID_NUMBER, CLEAR_PHONE],
        )
        if (rows[0]!.n > 0) hits.push(`${table_name}.${column_name}: ${rows[0]!.n}`)
      }
      const seeded = await c.query<{ n: number }>('select count(*)::int n from registry.residents')
      return { hits, residents: seeded.rows[0]!.n }
    })
    expect(found.residents).toBeGreaterThan(25_000)
    expect(found.hits).toEqual([])
  })
})

describe('a worker reads its own grids only', () => {
  it('opens its unit grid and finds nothing of another one by any route', async () => {
    const own = await worker.inject(`/api/registry/grids/${workerGrid}`)
    expect(own.statusCode).toBe(200)
    const registry = own.json<{ residents: { id: number }[]; houses: { id: number }[] }>()
    expect(registry.residents.length).toBeGreaterThan(0)

    const other = await manager.inject(`/api/registry/grids/${otherGrid}`)
    const theirs = other.json<{
      residents: { id: number; name: string }[]
      houses: { id: number }[]
      buildings: { location: { lng: number; lat: number } }[]
    }>()
    expect(theirs.residents.length).toBeGreaterThan(0)
    const stranger = theirs.residents[0]!
    expect((await worker.inject(`/api/registry/grids/${otherGrid}`)).statusCode).toBe(404)
    expect((await worker.inject(`/api/registry/houses/${theirs.houses[0]!.id}`)).statusCode).toBe(404)
    const reveal = await worker.inject({
      method: 'POST',
      url: `/api/registry/residents/${stranger.id}/reveal`,
      payload: { reason: '核实身份信息' },
    })
    expect(reveal.statusCode).toBe(404)
    const search = await worker.inject(`/api/registry/residents?q=${encodeURIComponent(stranger.name)}&limit=200`)
    expect(search.json<{ items: { id: number }[] }>().items.map((r) => r.id)).not.toContain(stranger.id)
    const all = await worker.inject('/api/registry/residents?limit=200')
    const grids = new Set(all.json<{ items: { grid: { id: number } }[] }>().items.map((r) => r.grid.id))
    expect([...grids]).toEqual([workerGrid])
    const { lng, lat } = theirs.buildings[0]!.location
    const box = `${lng - 0.0005},${lat - 0.0005},${lng + 0.0005},${lat + 0.0005}`
    const layer = await worker.inject(`/api/registry/buildings?bbox=${box}`)
    expect(layer.json<{ items: { grid: { id: number } }[] }>().items.every((b) => b.grid.id === workerGrid)).toBe(true)
    expect((await worker.inject('/api/registry/indicators')).statusCode).toBe(403)
    expect((await worker.inject('/api/registry/export/residents?reason=看看全部数据')).statusCode).toBe(403)
  })

  it('sees no 重点人员 tag, which the supervisor and the manager do', async () => {
    const tagged = await manager.inject(`/api/registry/residents?tag=${encodeURIComponent('重点人员')}&limit=5`)
    const items = tagged.json<{ items: { tags: string[]; focusCategory: string | null }[] }>().items
    expect(items.length).toBeGreaterThan(0)
    expect(items[0]!.focusCategory).not.toBeNull()
    const asWorker = await worker.inject(`/api/registry/residents?tag=${encodeURIComponent('重点人员')}&limit=200`)
    expect(asWorker.json<{ items: unknown[] }>().items).toEqual([])
    const own = await worker.inject(`/api/registry/grids/${workerGrid}`)
    for (const r of own.json<{ residents: { tags: string[]; focusCategory: string | null }[] }>().residents) {
      expect(r.tags).not.toContain('重点人员')
      expect(r.focusCategory).toBeNull()
    }
  })
})

describe('reveal and export', () => {
  it('a reveal needs a reason, gives the whole numbers and leaves an audit row with the reason', async () => {
    const own = await worker.inject(`/api/registry/grids/${workerGrid}`)
    const resident = own.json<{ residents: { id: number; idNumberMasked: string }[] }>().residents[0]!
    const noReason = await worker.inject({
      method: 'POST',
      url: `/api/registry/residents/${resident.id}/reveal`,
      payload: {},
    })
    expect(noReason.statusCode).toBe(400)
    const reason = `入户核实 ${randomUUID().slice(0, 8)}`
    const res = await worker.inject({
      method: 'POST',
      url: `/api/registry/residents/${resident.id}/reveal`,
      payload: { reason },
    })
    expect(res.statusCode).toBe(200)
    const revealed = res.json<{ idNumber: string }>()
    expect(revealed.idNumber).toMatch(/^370799[0-9]{11}[0-9X]$/)
    expect(`${revealed.idNumber.slice(0, 6)}********${revealed.idNumber.slice(14)}`).toBe(resident.idNumberMasked)
    const rows = await withClient((c) =>
      c.query(
        `select action, entity_id, after from audit_log where action = 'registry.reveal' and after->>'reason' = $1`,
        [reason],
      ),
    )
    expect(rows.rows).toHaveLength(1)
    expect(rows.rows[0].entity_id).toBe(String(resident.id))
    expect(JSON.stringify(rows.rows[0].after)).not.toContain(revealed.idNumber)
  })

  it('an export needs a reason, names the exporter and time in the file and leaves an audit row with the reason', async () => {
    expect((await supervisor.inject('/api/registry/export/residents')).statusCode).toBe(400)
    const reason = `上报季度台账 ${randomUUID().slice(0, 8)}`
    const res = await supervisor.inject(`/api/registry/export/organisations?reason=${encodeURIComponent(reason)}`)
    expect(res.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const heading = String(workbook.worksheets[0]!.getRow(1).getCell(1).value)
    expect(heading).toContain('导出人：')
    expect(heading).toContain('导出时间：')
    expect(heading).toContain(reason)
    const rows = await withClient((c) =>
      c.query(`select entity from audit_log where action = 'registry.export' and after->>'reason' = $1`, [reason]),
    )
    expect(rows.rows).toEqual([{ entity: 'organisations' }])
  })
})

describe('importing a register', () => {
  it('takes exactly the good rows, reports each bad one with its column, and a second import changes nothing', async () => {
    const house = await withClient(
      async (c) =>
        (await c.query<{ address: string }>('select address from registry.houses order by id limit 1')).rows[0]!,
    )
    const good1 = idNumber('19800101', 991)
    const good2 = idNumber('19850505', 992)
    const badCheck = `${good1.slice(0, 17)}${good1[17] === '0' ? '1' : '0'}`
    const bytes = await filledTemplate('residents', [
      ['导入甲', good1, '13912345678', '是', house.address, '户主', '退役军人', ''],
      ['导入乙', badCheck, '', '是', house.address, '配偶', '', ''],
      ['导入丙', good2, '', '否', house.address, '子女', '独居老人、低保', ''],
      ['导入丁', idNumber('19900101', 993), '', '是', '没有这个地址', '户主', '', ''],
      ['导入戊', idNumber('19900202', 994), '', '是', house.address, '表亲', '', ''],
      ['导入己', good1, '', '是', house.address, '户主', '', ''],
    ])
    const upload = () => {
      const form = multipart({}, [{ field: 'file', name: 'residents.xlsx', type: 'application/octet-stream', bytes }])
      return manager.inject({ method: 'POST', url: '/api/registry/import/residents', ...form })
    }
    const count = () =>
      withClient(
        async (c) =>
          (await c.query<{ n: number }>(`select count(*)::int n from registry.residents where name like '导入%'`))
            .rows[0]!.n,
      )
    const first = await upload()
    expect(first.statusCode).toBe(200)
    const report = first.json<{
      taken: number
      refused: number
      rows: { row: number; outcome: string; column: string | null }[]
    }>()
    expect(report.taken).toBe(2)
    expect(report.refused).toBe(4)
    expect(report.rows.map((r) => [r.row, r.outcome, r.column])).toEqual([
      [2, 'taken', null],
      [3, 'refused', '身份证号'],
      [4, 'taken', null],
      [5, 'refused', '房屋地址'],
      [6, 'refused', '与户主关系'],
      [7, 'refused', '身份证号'],
    ])
    expect(await count()).toBe(2)
    const stored = await withClient(
      async (c) => (await c.query(`select * from registry.residents where name like '导入%' order by name`)).rows,
    )
    expect(JSON.stringify(stored)).not.toContain(good1)
    expect(JSON.stringify(stored)).not.toContain('13912345678')

    const second = await upload()
    const again = second.json<{ taken: number; updated: number; unchanged: number; refused: number }>()
    expect(again).toMatchObject({ taken: 0, updated: 0, unchanged: 2, refused: 4 })
    expect(await count()).toBe(2)
    // Exact lookup by the whole number finds the imported resident through its keyed hash.
    const found = await manager.inject(`/api/registry/residents?q=${good1}`)
    expect(found.json<{ items: { name: string }[] }>().items.map((r) => r.name)).toEqual(['导入甲'])
  })

  it('imports houses by address and organisations by credit code or name and address, idempotently', async () => {
    const building = await withClient(
      async (c) =>
        (
          await c.query<{ address: string }>(
            `select address from registry.buildings where use = 'residential' order by id limit 1`,
          )
        ).rows[0]!,
    )
    const houseAddress = `${building.address}9单元901室`
    const upload = async (register: string, header: string[], rows: string[][]) => {
      const form = multipart({}, [
        { field: 'file', name: `${register}.xlsx`, type: 'application/octet-stream', bytes: await sheet(header, rows) },
      ])
      const res = await manager.inject({ method: 'POST', url: `/api/registry/import/${register}`, ...form })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<{
        taken: number
        updated: number
        unchanged: number
        refused: number
        rows: { column: string | null }[]
      }>()
    }
    const houseHeader = ['房屋地址', '楼栋地址', '单元', '楼层', '门牌号', '用途', '面积（平方米）', '居住情况']
    const houses = [
      [houseAddress, building.address, '9', '9', '901', '住宅', '88.5', '出租'],
      [`${houseAddress}乙`, '没有这栋楼', '9', '9', '902', '住宅', '88', '出租'],
      [`${houseAddress}丙`, building.address, '9', '9', '903', '别墅', '88', '出租'],
    ]
    expect(await upload('houses', houseHeader, houses)).toMatchObject({ taken: 1, refused: 2 })
    expect(await upload('houses', houseHeader, houses)).toMatchObject({ taken: 0, unchanged: 1, refused: 2 })
    houses[0]![7] = '空置'
    expect(await upload('houses', houseHeader, houses)).toMatchObject({ taken: 0, updated: 1, refused: 2 })

    const orgHeader = ['名称', '类型', '统一社会信用代码', '地址', '联系人', '联系电话']
    const name = `导入社团${randomUUID().slice(0, 6)}`
    const orgs = [
      [name, '社会组织', '', houseAddress, '赵六', '13700000000'],
      [`${name}店`, '商铺', '91370799MA99999999', building.address, '', ''],
      [`${name}坏`, '商铺', 'NOT-A-CODE', building.address, '', ''],
    ]
    const first = await upload('organisations', orgHeader, orgs)
    expect(first).toMatchObject({ taken: 2, refused: 1 })
    expect(first.rows[2]!.column).toBe('统一社会信用代码')
    expect(await upload('organisations', orgHeader, orgs)).toMatchObject({
      taken: 0,
      updated: 0,
      unchanged: 2,
      refused: 1,
    })
    const stored = await withClient(
      async (c) =>
        (
          await c.query(
            `select contact_phone_masked, contact_phone_hmac is not null sealed from registry.organisations where name = $1`,
            [name],
          )
        ).rows,
    )
    expect(stored).toEqual([{ contact_phone_masked: '137****0000', sealed: true }])
  })

  it('refuses a sheet that is not the template', async () => {
    const bytes = await sheet(['名字', '号码'], [['a', 'b']])
    const form = multipart({}, [{ field: 'file', name: 'x.xlsx', type: 'application/octet-stream', bytes }])
    const res = await manager.inject({ method: 'POST', url: '/api/registry/import/residents', ...form })
    expect(res.statusCode).toBe(400)
    expect(res.json<{ code: string }>().code).toBe('TEMPLATE_MISMATCH')
  })
})

describe('visits', () => {
  it('a visit sent twice under one clientId is filed once, and one with a problem files an incident', async () => {
    const own = await worker.inject(`/api/registry/grids/${workerGrid}`)
    const house = own.json<{ houses: { id: number }[] }>().houses[0]!
    const clientId = randomUUID()
    const fields = {
      clientId,
      houseId: String(house.id),
      visitedAt: new Date().toISOString(),
      notes: '入户走访，了解老人身体状况',
      problem: '楼道堆放杂物',
      categoryCode: '',
    }
    const category = await withClient(
      async (c) =>
        (
          await c.query<{ code: string }>(
            'select code from categories where parent_id is not null order by code limit 1',
          )
        ).rows[0]!.code,
    )
    fields.categoryCode = category
    const send = () => worker.inject({ method: 'POST', url: '/api/registry/visits', ...multipart(fields) })
    const first = await send()
    expect(first.statusCode, first.body).toBe(201)
    expect(first.json<{ incidentId: string | null }>().incidentId).not.toBeNull()
    const second = await send()
    expect(second.statusCode).toBe(200)
    const counts = await withClient(async (c) => ({
      visits: (await c.query('select 1 from registry.visits where client_id = $1', [clientId])).rowCount,
      incidents: (await c.query('select 1 from incidents where client_id = $1', [clientId])).rowCount,
    }))
    expect(counts).toEqual({ visits: 1, incidents: 1 })
    const detail = await worker.inject(`/api/registry/houses/${house.id}`)
    expect(detail.json<{ visits: { clientId: string }[] }>().visits.map((v) => v.clientId)).toContain(clientId)
  })

  it('a worker cannot visit a house outside its grids', async () => {
    const other = await manager.inject(`/api/registry/grids/${otherGrid}`)
    const house = other.json<{ houses: { id: number }[] }>().houses[0]!
    const res = await worker.inject({
      method: 'POST',
      url: '/api/registry/visits',
      ...multipart({
        clientId: randomUUID(),
        houseId: String(house.id),
        visitedAt: new Date().toISOString(),
        notes: '走访',
      }),
    })
    expect(res.statusCode).toBe(404)
  })
})

describe('indicators', () => {
  it('show the 5 + 2 rule met in eight communities and missed in one, with visit coverage', async () => {
    const res = await manager.inject('/api/registry/indicators')
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      communities: { ruleMet: boolean; residents: number; socialOrganisations: number; culturalTeams: number }[]
      grids: { houses: number; visited: number }[]
      workers: unknown[]
    }>()
    expect(body.communities).toHaveLength(9)
    expect(body.communities.filter((c) => !c.ruleMet)).toHaveLength(1)
    expect(body.communities.reduce((n, c) => n + c.residents, 0)).toBeGreaterThan(25_000)
    expect(body.grids.length).toBe(1360)
    expect(body.grids.some((g) => g.visited > 0)).toBe(true)
    expect(body.workers.length).toBeGreaterThan(1000)
  })
})

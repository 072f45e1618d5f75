import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { neutralizeFormula } from '../src/plugins/app/stations/spreadsheet-cell.ts'
import { DEMO, pointInGrid, signedInApp, withClient } from './helper.ts'
import { auditForm, auditSheet, stationPoint } from './stations-fixtures.ts'

const manager = await signedInApp(DEMO.manager)
afterAll(() => manager.close())

// What a hostile station record looks like: each text field starts with something a spreadsheet would run.
const HOSTILE = {
  name: '=HYPERLINK("http://evil.example/x","点击查看")',
  address: '+SUM(1,2)',
  contactName: '@cmd',
  openingHours: '-2+3 全天',
}
const NOTE = '=1+1 备注'
const AREA = '37070500200101'
let stationId: number

beforeAll(async () => {
  // An area's station, like the seed's: stations-compliance.test.ts counts stations of levels 1 and 2 only.
  const gridId = await withClient(
    async (c) => (await c.query<{ id: number }>(`select id from grids where code = $1`, [AREA])).rows[0]!.id,
  )
  const created = await manager.inject({
    method: 'POST',
    url: '/api/stations',
    payload: { ...HOSTILE, gridId, ...(await pointInGrid(AREA)), contactPhone: '13912345678' },
  })
  expect(created.statusCode, created.body).toBe(201)
  stationId = created.json<{ id: number }>().id
  const audit = await manager.inject({
    method: 'POST',
    url: `/api/stations/${stationId}/audits`,
    ...auditForm(await stationPoint(stationId), auditSheet(), [], { note: NOTE }),
  })
  expect(audit.statusCode, audit.body).toBe(201)
})

/** RFC 4180 fields of one CSV file (after its BOM). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const endField = () => {
    row.push(field)
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (quoted) {
      if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',') {
      endField()
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endField()
      rows.push(row)
      row = []
      i++
    } else {
      field += ch
    }
  }
  return rows
}

describe('exports neutralise cells that a spreadsheet would read as a formula', () => {
  it('prefixes =, +, -, @, tab and carriage return with a quote, and leaves numbers and other text alone', () => {
    for (const text of ['=A1', '+1', '-1', '@x', '\t=A1', '\r=A1']) expect(neutralizeFormula(text)).toBe(`'${text}`)
    for (const value of [-5, 0, 12.5, null, '大虞街道', '13912345678', "'=A1", ''])
      expect(neutralizeFormula(value)).toBe(value)
  })

  it('in the CSV tables', async () => {
    const stations = parseCsv(
      (await manager.inject(`/api/stations/export?format=csv&table=stations&station=${stationId}`)).rawPayload
        .subarray(3)
        .toString('utf8'),
    )
    const [header, row] = stations
    const cell = (name: string) => row![header!.indexOf(name)]
    expect(cell('站点名称')).toBe(`'${HOSTILE.name}`)
    expect(cell('地址')).toBe(`'${HOSTILE.address}`)
    expect(cell('联系人')).toBe(`'${HOSTILE.contactName}`)
    expect(cell('开放时间')).toBe(`'${HOSTILE.openingHours}`)
    const audits = parseCsv(
      (await manager.inject(`/api/stations/export?format=csv&table=audits&station=${stationId}`)).rawPayload
        .subarray(3)
        .toString('utf8'),
    )
    expect(audits[1]![audits[0]!.indexOf('站点名称')]).toBe(`'${HOSTILE.name}`)
    expect(audits[1]![audits[0]!.indexOf('备注')]).toBe(`'${NOTE}`)
    expect(audits[1]![audits[0]!.indexOf('得分')]).toBe('100')
  })

  it('in every sheet of the XLSX workbook, where no cell is a formula and numbers stay numbers', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(
      (await manager.inject('/api/stations/export?format=xlsx')).rawPayload as unknown as ArrayBuffer,
    )
    const texts: string[] = []
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula)
          if (typeof cell.value === 'string') texts.push(cell.value)
        }),
      ),
    )
    expect(texts.filter((t) => /^[=+\-@\t\r]/.test(t))).toEqual([])
    for (const value of [...Object.values(HOSTILE), NOTE]) expect(texts).toContain(`'${value}`)
    const row = workbook
      .getWorksheet('站点合规')!
      .getSheetValues()
      .find((r) => Array.isArray(r) && r[1] === `'${HOSTILE.name}`) as unknown[]
    expect(row[10]).toBe(100)
  })
})

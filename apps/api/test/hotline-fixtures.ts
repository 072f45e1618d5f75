import ExcelJS from 'exceljs'
import { randomBytes } from 'node:crypto'

/** A fresh 工单号 for one test (the database is shared by the run: numbers never collide). */
export const orderNumber = (prefix = 'GD') => `${prefix}-${randomBytes(6).toString('hex')}`

/** A JSON work order as the city's system sends it, at `point`; `overrides` change any field. */
export function hotlineOrder(point: { lng: number; lat: number }, overrides: Record<string, unknown> = {}) {
  return {
    orderNumber: orderNumber(),
    callerName: '孙来电',
    callerPhone: '13912345678',
    calledAt: '2026-11-20T09:30:00+08:00',
    content: '小区门口路灯不亮已一周',
    categoryCode: 'C0102',
    lng: point.lng,
    lat: point.lat,
    address: '虞河路 12 号',
    ...overrides,
  }
}

export const SHEET_HEADER = [
  '工单号',
  '来电人',
  '联系电话',
  '来电时间',
  '诉求内容',
  '事件小类',
  '经度',
  '纬度',
  '地址',
  '签收时限（工作小时）',
  '办结时限（工作日）',
]

/** An XLSX with the template's header and `rows` (cells in SHEET_HEADER's order), as the street's clerk fills it. */
export async function orderSheet(rows: unknown[][], header = SHEET_HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('工单')
  sheet.addRow(header)
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

import ExcelJS from 'exceljs'
import {
  CALLER_PHONE_PATTERN,
  MAX_FINISH_LIMIT_DAYS,
  MAX_SIGN_LIMIT_HOURS,
  ORDER_NUMBER_PATTERN,
  TEXT_PATTERN,
  type HotlineOrderInput,
} from '@wangge/contract'
import { SHANGHAI_UTC_OFFSET_MS } from '@wangge/sla'
import { AppError } from '../../../errors.ts'

/** The sheet's columns as the street's template heads them, and the field each fills. */
export const SHEET_COLUMNS = {
  orderNumber: '工单号',
  callerName: '来电人',
  callerPhone: '联系电话',
  calledAt: '来电时间',
  content: '诉求内容',
  category: '事件小类',
  lng: '经度',
  lat: '纬度',
  address: '地址',
  signLimitHours: '签收时限（工作小时）',
  finishLimitDays: '办结时限（工作日）',
} as const
type Column = keyof typeof SHEET_COLUMNS
const OPTIONAL: readonly Column[] = ['address', 'signLimitHours', 'finishLimitDays']
/** A sheet is a day's or a week's orders, not an archive: past this, split it. */
export const MAX_SHEET_ROWS = 2000

export interface RowProblem {
  row: number
  column: string
  reason: string
}
/** A row as read: its number in the sheet and, when every cell is good, the order it holds. */
export type SheetRow = { row: number; order: HotlineOrderInput; problems: [] } | { row: number; problems: RowProblem[] }

const unreadable = (message: string, details: unknown[] = []) => new AppError(400, 'SHEET_UNREADABLE', message, details)

/** A cell's value as text: rich text joined, a formula's result, a hyperlink's text; dates left to the caller. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('text' in value) return String(value.text)
    return ''
  }
  return String(value)
}

const CALL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/

/**
 * 来电时间 as the street reads it, in Beijing time: a date cell (Excel stores the wall clock; exceljs hands it over as
 * that clock in UTC) or text like 2026-11-20 09:30.
 */
function callTimeOf(value: ExcelJS.CellValue): Date | null {
  if (value instanceof Date) return new Date(value.getTime() - SHANGHAI_UTC_OFFSET_MS)
  const match = CALL_TIME.exec(cellText(value).trim())
  if (!match) return null
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[]
  const at = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - SHANGHAI_UTC_OFFSET_MS)
  // 2026-02-31 would roll into March: a day that does not exist is refused, not moved.
  const back = new Date(at.getTime() + SHANGHAI_UTC_OFFSET_MS)
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h! > 23) return null
  return at
}

const numberOf = (text: string): number | null => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null)
const STORABLE = new RegExp(TEXT_PATTERN)

/**
 * Reads an XLSX of work orders, first sheet, first row the headers (any order, named as SHEET_COLUMNS), a row per
 * order; empty rows are skipped. Each row is checked whole — every problem named with its column, in zh-CN — and
 * a 工单号 repeated within the sheet is refused after its first row. `categoryOf` resolves 事件小类 given as a code
 * or a name. A file that is no XLSX, or lacks a required column, is refused whole (400).
 */
export async function readOrderSheet(
  bytes: Buffer,
  categoryOf: (codeOrName: string) => string | undefined,
  now = new Date(),
): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw unreadable('无法读取该文件，请上传 Excel（.xlsx）工单表 / not an XLSX file')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) throw unreadable('工单表没有工作表 / the workbook has no sheet')
  const header = new Map<string, number>()
  sheet.getRow(1).eachCell((cell, col) => header.set(cellText(cell.value).trim(), col))
  const columnOf = {} as Record<Column, number | undefined>
  const missing: string[] = []
  for (const [field, name] of Object.entries(SHEET_COLUMNS) as [Column, string][]) {
    columnOf[field] = header.get(name)
    if (columnOf[field] === undefined && !OPTIONAL.includes(field)) missing.push(name)
  }
  if (missing.length)
    throw unreadable(
      `工单表缺少列：${missing.join('、')} / missing columns`,
      missing.map((name) => ({ field: name, message: 'missing column' })),
    )
  if (sheet.actualRowCount - 1 > MAX_SHEET_ROWS)
    throw unreadable(`工单表超过 ${MAX_SHEET_ROWS} 行，请分批上传 / more than ${MAX_SHEET_ROWS} rows`)

  const rows: SheetRow[] = []
  const firstRowOf = new Map<string, number>()
  sheet.eachRow({ includeEmpty: false }, (sheetRow, row) => {
    if (row === 1) return
    const raw = (field: Column) => {
      const col = columnOf[field]
      return col === undefined ? null : sheetRow.getCell(col).value
    }
    const text = (field: Column) => cellText(raw(field)).trim()
    if ((Object.keys(SHEET_COLUMNS) as Column[]).every((f) => text(f) === '')) return
    const problems: RowProblem[] = []
    const refuse = (field: Column, reason: string) => problems.push({ row, column: SHEET_COLUMNS[field], reason })
    const required = (field: Column) => {
      const value = text(field)
      if (value === '') refuse(field, `${SHEET_COLUMNS[field]}不能为空`)
      else if (!STORABLE.test(value)) refuse(field, '含有不可见的控制字符')
      return value
    }

    const orderNumber = required('orderNumber')
    if (orderNumber && !new RegExp(ORDER_NUMBER_PATTERN).test(orderNumber))
      refuse('orderNumber', '工单号只能由字母、数字和连字符组成，最长 40 位')
    else if (orderNumber && firstRowOf.has(orderNumber))
      refuse('orderNumber', `与第 ${firstRowOf.get(orderNumber)} 行工单号重复`)
    else if (orderNumber) firstRowOf.set(orderNumber, row)

    const callerName = required('callerName')
    if ([...callerName].length > 50) refuse('callerName', '来电人不能超过 50 个字')
    const callerPhone = required('callerPhone')
    if (callerPhone && !new RegExp(CALLER_PHONE_PATTERN).test(callerPhone))
      refuse('callerPhone', '联系电话格式不正确（3–20 位数字）')

    let calledAt: Date | null = null
    if (text('calledAt') === '') refuse('calledAt', '来电时间不能为空')
    else {
      calledAt = callTimeOf(raw('calledAt'))
      if (!calledAt) refuse('calledAt', '来电时间格式不正确，应为 2026-11-20 09:30')
      else if (calledAt > now) refuse('calledAt', '来电时间晚于当前时间')
      else if (calledAt.getUTCFullYear() < 2000) refuse('calledAt', '来电时间早于 2000 年')
    }

    const content = required('content')
    if ([...content].length > 2000) refuse('content', '诉求内容不能超过 2000 字')
    const categoryText = required('category')
    const categoryCode = categoryText ? categoryOf(categoryText) : undefined
    if (categoryText && !categoryCode) refuse('category', `未知的事件小类“${categoryText.slice(0, 20)}”`)

    const coordinate = (field: 'lng' | 'lat', limit: number) => {
      const value = text(field)
      if (value === '') return (refuse(field, `${SHEET_COLUMNS[field]}不能为空`), null)
      const n = numberOf(value)
      if (n === null || Math.abs(n) > limit) return (refuse(field, `${SHEET_COLUMNS[field]}不是有效的坐标`), null)
      return n
    }
    const lng = coordinate('lng', 180)
    const lat = coordinate('lat', 90)

    const address = text('address')
    if ([...address].length > 200) refuse('address', '地址不能超过 200 字')
    else if (!STORABLE.test(address)) refuse('address', '含有不可见的控制字符')

    const limit = (field: 'signLimitHours' | 'finishLimitDays', max: number, integer: boolean) => {
      const value = text(field)
      if (value === '') return undefined
      const n = numberOf(value)
      if (n === null || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
        refuse(field, integer ? `须为 1–${max} 的整数` : `须为大于 0、不超过 ${max} 的数`)
        return undefined
      }
      return n
    }
    const signLimitHours = limit('signLimitHours', MAX_SIGN_LIMIT_HOURS, false)
    const finishLimitDays = limit('finishLimitDays', MAX_FINISH_LIMIT_DAYS, true)

    if (problems.length) {
      rows.push({ row, problems })
      return
    }
    rows.push({
      row,
      problems: [],
      order: {
        orderNumber,
        callerName,
        callerPhone,
        calledAt: calledAt!.toISOString(),
        content,
        categoryCode: categoryCode!,
        lng: lng!,
        lat: lat!,
        ...(address ? { address } : {}),
        ...(signLimitHours !== undefined ? { signLimitHours } : {}),
        ...(finishLimitDays !== undefined ? { finishLimitDays } : {}),
      },
    })
  })
  return rows
}

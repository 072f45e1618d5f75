import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import { INCIDENT_EXPORT_MAX_ROWS, INCIDENT_SOURCE_ZH, type IncidentSort } from '@wangge/contract'
import { shanghaiDateOf } from '@wangge/sla'
import type { IncidentState } from '@wangge/workflow'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { neutralizeFormula } from '../stations/spreadsheet-cell.ts'
import { listIncidents, type IncidentFilters } from './incident-list.ts'

/** Rows read per statement: the file grows while the next chunk is read, never the whole list in memory. */
const CHUNK = 500

/** The states as the web's case desk names them (zh-CN locale, live.state). */
const STATE_ZH: Record<IncidentState, string> = {
  reported: '待登记',
  registered: '已登记',
  rejected: '已驳回',
  dispatched: '已派遣',
  in_progress: '处理中',
  handled: '待核查',
  closed: '已结案',
}

const COLUMNS = [
  { header: '案件编号', width: 22 },
  { header: '状态', width: 10 },
  { header: '类别', width: 16 },
  { header: '问题描述', width: 40 },
  { header: '所属网格', width: 20 },
  { header: '上报时间', width: 18 },
  { header: '处置时限', width: 18 },
  { header: '是否超期', width: 10 },
  { header: '返工次数', width: 10 },
  { header: '返工原因', width: 30 },
  // Last, so the columns readers already know keep their places.
  { header: '来源', width: 12 },
] as const

type Cell = string | number | null

/** "2026-11-29T09:30:00+08:00" as a spreadsheet reader expects it: "2026-11-29 09:30" (Shanghai time already). */
const shanghaiMinute = (iso: string | null) => (iso === null ? null : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`)

/** The filtered list, in the desk's order, as rows of cells; at most INCIDENT_EXPORT_MAX_ROWS, read in keyset chunks. */
async function* exportRows(
  db: Kysely<Database>,
  user: SignedInUser,
  f: IncidentFilters,
  sort: IncidentSort | undefined,
): AsyncGenerator<Cell[]> {
  let cursor: string | undefined
  let written = 0
  while (written < INCIDENT_EXPORT_MAX_ROWS) {
    const page = await listIncidents(db, user, f, {
      cursor,
      sort,
      limit: Math.min(CHUNK, INCIDENT_EXPORT_MAX_ROWS - written),
    })
    for (const i of page.items) {
      yield [
        i.caseNumber,
        STATE_ZH[i.status as IncidentState] ?? i.status,
        i.category.name,
        i.description,
        i.grid.name,
        shanghaiMinute(i.createdAt),
        shanghaiMinute(i.dueAt),
        i.overdue ? '是' : '否',
        i.reworkCount,
        i.reworkReason,
        INCIDENT_SOURCE_ZH[i.source],
      ]
    }
    written += page.items.length
    if (page.nextCursor === null) return
    cursor = page.nextCursor
  }
}

export interface ExportFile {
  body: Readable
  contentType: string
  name: string
  asciiName: string
}

/**
 * The case desk's export: the list the supervisor filtered, scoped as the list is, streamed as XLSX (exceljs's
 * streaming writer) or as CSV with a UTF-8 byte-order mark (Excel on Chinese Windows reads it as GBK otherwise).
 * Every text cell passes through `neutralizeFormula`: descriptions and reasons are what users typed.
 */
export function exportIncidents(
  db: Kysely<Database>,
  user: SignedInUser,
  f: IncidentFilters,
  format: 'xlsx' | 'csv',
  sort?: IncidentSort,
): ExportFile {
  const day = shanghaiDateOf(new Date()).replaceAll('-', '')
  const rows = exportRows(db, user, f, sort)
  if (format === 'csv') {
    return {
      body: Readable.from(csvLines(rows)),
      contentType: 'text/csv; charset=utf-8',
      name: `案件列表-${day}.csv`,
      asciiName: `incidents-${day}.csv`,
    }
  }
  const body = new PassThrough()
  void writeXlsx(rows, body).catch((err: unknown) => body.destroy(err as Error))
  return {
    body,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    name: `案件列表-${day}.xlsx`,
    asciiName: `incidents-${day}.xlsx`,
  }
}

async function writeXlsx(rows: AsyncGenerator<Cell[]>, stream: PassThrough): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false })
  workbook.creator = '网格 Wangge'
  const sheet = workbook.addWorksheet('案件列表', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  for await (const row of rows) sheet.addRow(row.map(neutralizeFormula)).commit()
  sheet.commit()
  await workbook.commit()
}

async function* csvLines(rows: AsyncGenerator<Cell[]>): AsyncGenerator<Buffer> {
  const cell = (value: Cell) => {
    const text = value === null ? '' : String(neutralizeFormula(value))
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const line = (cells: readonly Cell[]) => Buffer.from(`${cells.map(cell).join(',')}\r\n`, 'utf8')
  yield Buffer.from([0xef, 0xbb, 0xbf])
  yield line(COLUMNS.map((c) => c.header))
  for await (const row of rows) yield line(row)
}

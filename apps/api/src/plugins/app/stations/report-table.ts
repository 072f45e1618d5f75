import ExcelJS from 'exceljs'
import { neutralizeFormula } from './spreadsheet-cell.ts'

/**
 * A table for reporting upward: one sheet of an XLSX workbook, or one CSV file. Headers are Chinese. Both writers
 * pass every cell through `neutralizeFormula`: the records hold text that users typed.
 */
export interface ReportTable {
  sheetName: string
  columns: { header: string; width: number }[]
  rows: (string | number | null)[][]
}

/** An XLSX workbook with one sheet per table: bold, frozen header row, column widths for Chinese text. */
export async function toXlsx(tables: readonly ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '网格 Wangge'
  workbook.created = new Date()
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }))
    sheet.getRow(1).font = { bold: true }
    sheet.addRows(table.rows.map((row) => row.map(neutralizeFormula)))
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * One table as CSV (RFC 4180) with a UTF-8 byte-order mark: without it Excel on Chinese Windows reads the file as
 * GBK and the headers turn to mojibake.
 */
export function toCsv(table: ReportTable): Buffer {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(neutralizeFormula(value))
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const lines = [table.columns.map((c) => cell(c.header)), ...table.rows.map((row) => row.map(cell))].map((cells) =>
    cells.join(','),
  )
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')])
}

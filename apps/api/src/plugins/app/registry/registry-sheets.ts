import ExcelJS from 'exceljs'
import { idNumberBirthDate, idNumberSex, isIdNumber, isMobilePhone } from '@wangge/accounts'
import type { HOUSE_USES, OCCUPANCIES, ORGANISATION_KINDS, RELATIONS } from '@wangge/contract'
import { FOCUS_TAG, TEXT_PATTERN, RESIDENT_TAGS, type Register } from '@wangge/contract'
import { AppError } from '../../../errors.ts'
import { neutralizeFormula } from '../stations/spreadsheet-cell.ts'

/** What each coded value is called in a sheet (zh-CN, as people type them). */
const RELATION_NAMES: Record<(typeof RELATIONS)[number], string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙辈',
  other: '其他',
}
const HOUSE_USE_NAMES: Record<(typeof HOUSE_USES)[number], string> = {
  residential: '住宅',
  commercial: '商业',
  office: '办公',
  other: '其他',
}
const OCCUPANCY_NAMES: Record<(typeof OCCUPANCIES)[number], string> = {
  owner_occupied: '自住',
  rented: '出租',
  vacant: '空置',
}
export const ORGANISATION_KIND_NAMES: Record<(typeof ORGANISATION_KINDS)[number], string> = {
  enterprise: '企业',
  shop: '商铺',
  school: '学校',
  medical: '医疗机构',
  social_organisation: '社会组织',
  cultural_team: '文体队伍',
  party_organisation: '党组织',
}
const codeOf = <T extends string>(names: Record<T, string>, value: string): T | undefined =>
  (Object.keys(names) as T[]).find((code) => names[code] === value)

/** The columns of each register's template, in order; an uploaded sheet must carry them as its first row. */
export const SHEET_COLUMNS: Record<Register, readonly string[]> = {
  residents: ['姓名', '身份证号', '手机号', '户籍在本街道', '房屋地址', '与户主关系', '标签', '重点人员类别'],
  houses: ['房屋地址', '楼栋地址', '单元', '楼层', '门牌号', '用途', '面积（平方米）', '居住情况'],
  organisations: ['名称', '类型', '统一社会信用代码', '地址', '联系人', '联系电话'],
}
const SHEET_NAMES: Record<Register, string> = { residents: '实有人口', houses: '实有房屋', organisations: '实有单位' }
const EXAMPLES: Record<Register, string[]> = {
  residents: [
    '张三',
    '370705199001011234',
    '13800000000',
    '是',
    '大虞街道虞河社区001网格1号楼1单元101室',
    '户主',
    '退役军人',
    '',
  ],
  houses: [
    '大虞街道虞河社区001网格1号楼1单元101室',
    '大虞街道虞河社区001网格1号楼',
    '1',
    '1',
    '101',
    '住宅',
    '89.5',
    '自住',
  ],
  organisations: ['某某便民超市', '商铺', '91370705MA00000000', '大虞街道虞河社区001网格1号楼', '李四', '13900000000'],
}
const HINTS: Record<Register, string> = {
  residents: `与户主关系：${Object.values(RELATION_NAMES).join('/')}；标签用“、”分隔：${RESIDENT_TAGS.join('、')}；性别和出生日期取自身份证号`,
  houses: `用途：${Object.values(HOUSE_USE_NAMES).join('/')}；居住情况：${Object.values(OCCUPANCY_NAMES).join('/')}；楼栋须已登记`,
  organisations: `类型：${Object.values(ORGANISATION_KIND_NAMES).join('/')}；地址须为已登记的楼栋或房屋地址`,
}

/** A template: the header row, one example row to overwrite, and a note on the allowed values. */
export async function templateOf(register: Register): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '网格 Wangge'
  const sheet = workbook.addWorksheet(SHEET_NAMES[register], { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = SHEET_COLUMNS[register].map((header) => ({ header, width: Math.max(12, header.length * 3) }))
  sheet.getRow(1).font = { bold: true }
  sheet.addRow(EXAMPLES[register])
  const notes = workbook.addWorksheet('填写说明')
  notes.addRow(['示例行请删除后再导入。'])
  notes.addRow([HINTS[register]])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** An export: a heading naming who exported, when and why, then the table. */
export async function exportWorkbook(
  register: Register,
  heading: string,
  columns: readonly string[],
  rows: readonly (string | number | null)[][],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '网格 Wangge'
  const sheet = workbook.addWorksheet(SHEET_NAMES[register])
  sheet.addRow([heading]).font = { bold: true }
  sheet.addRow([...columns]).font = { bold: true }
  sheet.columns = columns.map(() => ({ width: 20 }))
  sheet.addRows(rows.map((row) => row.map((cell) => neutralizeFormula(cell))))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** A filled-in template: the register's header row and the given rows (tests and the import bench build sheets so). */
export async function filledTemplate(register: Register, rows: readonly string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(SHEET_NAMES[register])
  sheet.addRow([...SHEET_COLUMNS[register]])
  sheet.addRows(rows.map((row) => [...row]))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export const MAX_IMPORT_ROWS = 20_000

/** The data rows of an uploaded sheet as trimmed text, checked to start with the register's header row. */
export async function readSheet(register: Register, bytes: Buffer): Promise<{ row: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(400, 'NOT_A_WORKBOOK', '文件不是有效的 XLSX 表格 / not an XLSX workbook')
  }
  const sheet = workbook.worksheets[0]
  const columns = SHEET_COLUMNS[register]
  const text = (value: ExcelJS.CellValue): string => {
    if (value === null || value === undefined) return ''
    if (typeof value === 'object' && 'richText' in value)
      return value.richText
        .map((t) => t.text)
        .join('')
        .trim()
    if (typeof value === 'object' && 'text' in value) return String(value.text).trim()
    if (typeof value === 'object' && 'result' in value) return String(value.result ?? '').trim()
    if (value instanceof Date) return value.toISOString().slice(0, 10)
    return String(value).trim()
  }
  const header = sheet ? columns.map((_, i) => text(sheet.getRow(1).getCell(i + 1).value)) : []
  if (!sheet || header.some((h, i) => h !== columns[i]))
    throw new AppError(
      400,
      'TEMPLATE_MISMATCH',
      `表头与模板不符，应为：${columns.join('、')} / the header row is not the template's`,
    )
  if (sheet.rowCount - 1 > MAX_IMPORT_ROWS)
    throw new AppError(413, 'TOO_MANY_ROWS', `一次最多导入 ${MAX_IMPORT_ROWS} 行 / at most ${MAX_IMPORT_ROWS} rows`)
  const rows: { row: number; cells: string[] }[] = []
  sheet.eachRow((row, number) => {
    if (number === 1) return
    const cells = columns.map((_, i) => text(row.getCell(i + 1).value))
    if (cells.some((c) => c !== '')) rows.push({ row: number, cells })
  })
  return rows
}

export class RowRefusal {
  constructor(
    readonly column: string | null,
    readonly reason: string,
  ) {}
}

const TEXT_OK = new RegExp(TEXT_PATTERN)
function requiredText(cells: string[], index: number, column: string, max: number): string {
  const value = cells[index] ?? ''
  if (value === '') throw new RowRefusal(column, '不能为空')
  if (value.length > max) throw new RowRefusal(column, `不能超过 ${max} 个字`)
  if (!TEXT_OK.test(value)) throw new RowRefusal(column, '含有控制字符')
  return value
}
function optionalText(cells: string[], index: number, column: string, max: number): string | null {
  return (cells[index] ?? '') === '' ? null : requiredText(cells, index, column, max)
}
function integerIn(cells: string[], index: number, column: string, min: number, max: number): number {
  const value = requiredText(cells, index, column, 10)
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new RowRefusal(column, `应为 ${min}–${max} 的整数`)
  return n
}
function coded<T extends string>(cells: string[], index: number, column: string, names: Record<T, string>): T {
  const value = requiredText(cells, index, column, 20)
  const code = codeOf(names, value)
  if (!code) throw new RowRefusal(column, `应为：${Object.values(names).join('/')}`)
  return code
}
function phoneIn(cells: string[], index: number, column: string): string | null {
  const value = optionalText(cells, index, column, 11)
  if (value !== null && !isMobilePhone(value)) throw new RowRefusal(column, '不是有效的手机号')
  return value
}

export interface ResidentSheetRow {
  name: string
  idNumber: string
  phone: string | null
  hukouHere: boolean
  houseAddress: string
  relation: (typeof RELATIONS)[number]
  tags: string[]
  focusCategory: string | null
  sex: 'male' | 'female'
  birthDate: string
}

export function residentRow(cells: string[]): ResidentSheetRow {
  const c = SHEET_COLUMNS.residents
  const name = requiredText(cells, 0, c[0]!, 50)
  const idNumber = requiredText(cells, 1, c[1]!, 18).toUpperCase()
  if (!isIdNumber(idNumber)) throw new RowRefusal(c[1]!, '不是有效的身份证号（位数、出生日期或校验位不对）')
  const phone = phoneIn(cells, 2, c[2]!)
  const hukou = requiredText(cells, 3, c[3]!, 2)
  if (hukou !== '是' && hukou !== '否') throw new RowRefusal(c[3]!, '应为：是/否')
  const houseAddress = requiredText(cells, 4, c[4]!, 200)
  const relation = coded(cells, 5, c[5]!, RELATION_NAMES)
  const tags = [...new Set((cells[6] ?? '').split(/[、,，;；\s]+/).filter((t) => t !== ''))].sort()
  const unknown = tags.find((t) => !(RESIDENT_TAGS as readonly string[]).includes(t))
  if (unknown) throw new RowRefusal(c[6]!, `未知标签「${unknown}」，应为：${RESIDENT_TAGS.join('、')}`)
  const focusCategory = optionalText(cells, 7, c[7]!, 50)
  if (tags.includes(FOCUS_TAG) !== (focusCategory !== null))
    throw new RowRefusal(c[7]!, '带“重点人员”标签时必须填写类别，否则不填')
  return {
    name,
    idNumber,
    phone,
    hukouHere: hukou === '是',
    houseAddress,
    relation,
    tags,
    focusCategory,
    sex: idNumberSex(idNumber),
    birthDate: idNumberBirthDate(idNumber)!,
  }
}

export interface HouseSheetRow {
  address: string
  buildingAddress: string
  unit: number
  floor: number
  number: string
  use: (typeof HOUSE_USES)[number]
  areaM2: number
  occupancy: (typeof OCCUPANCIES)[number]
}

export function houseRow(cells: string[]): HouseSheetRow {
  const c = SHEET_COLUMNS.houses
  const areaText = requiredText(cells, 6, c[6]!, 12)
  const areaM2 = Number(areaText)
  if (!Number.isFinite(areaM2) || areaM2 <= 0 || areaM2 >= 100_000 || !/^[0-9]+(\.[0-9]{1,2})?$/.test(areaText))
    throw new RowRefusal(c[6]!, '应为大于 0 的数，最多两位小数')
  return {
    address: requiredText(cells, 0, c[0]!, 200),
    buildingAddress: requiredText(cells, 1, c[1]!, 200),
    unit: integerIn(cells, 2, c[2]!, 1, 50),
    floor: integerIn(cells, 3, c[3]!, -5, 200),
    number: requiredText(cells, 4, c[4]!, 20),
    use: coded(cells, 5, c[5]!, HOUSE_USE_NAMES),
    areaM2,
    occupancy: coded(cells, 7, c[7]!, OCCUPANCY_NAMES),
  }
}

export interface OrganisationSheetRow {
  name: string
  kind: (typeof ORGANISATION_KINDS)[number]
  creditCode: string | null
  address: string
  contactName: string | null
  contactPhone: string | null
}

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/

export function organisationRow(cells: string[]): OrganisationSheetRow {
  const c = SHEET_COLUMNS.organisations
  const creditCode = optionalText(cells, 2, c[2]!, 18)?.toUpperCase() ?? null
  if (creditCode !== null && !CREDIT_CODE.test(creditCode)) throw new RowRefusal(c[2]!, '不是有效的统一社会信用代码')
  return {
    name: requiredText(cells, 0, c[0]!, 100),
    kind: coded(cells, 1, c[1]!, ORGANISATION_KIND_NAMES),
    creditCode,
    address: requiredText(cells, 3, c[3]!, 200),
    contactName: optionalText(cells, 4, c[4]!, 50),
    contactPhone: phoneIn(cells, 5, c[5]!),
  }
}

export { RELATION_NAMES, HOUSE_USE_NAMES, OCCUPANCY_NAMES }

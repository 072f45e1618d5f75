import type { Register } from '@wangge/contract'
import type { Actor } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { RegistryRepository } from './registry-repository.ts'
import {
  exportWorkbook,
  HOUSE_USE_NAMES,
  OCCUPANCY_NAMES,
  ORGANISATION_KIND_NAMES,
  RELATION_NAMES,
  SHEET_COLUMNS,
} from './registry-sheets.ts'

const FILE_NAMES: Record<Register, string> = { residents: '实有人口', houses: '实有房屋', organisations: '实有单位' }

/** Codes as the sheet names them, so that an exported file reads like the template (and imports again). */
function named(register: Register, row: (string | number | null)[]): (string | number | null)[] {
  const name = (names: Record<string, string>, value: unknown) => names[String(value)] ?? (value as string)
  if (register === 'residents') row[5] = name(RELATION_NAMES, row[5])
  if (register === 'houses') {
    row[5] = name(HOUSE_USE_NAMES, row[5])
    row[7] = name(OCCUPANCY_NAMES, row[7])
  }
  if (register === 'organisations') row[1] = name(ORGANISATION_KIND_NAMES, row[1])
  return row
}

/**
 * A register exported for a reason: the audit row (who, why, how many rows) is written first and in the same
 * transaction as the read, and the file's first line names the exporter, the time and the reason, so a copy found
 * later says where it came from.
 */
export async function registerExport(
  repository: RegistryRepository,
  user: SignedInUser,
  register: Register,
  query: { reason: string; grid?: number | undefined },
  actor: Actor,
  day: string,
) {
  const at = new Date()
  const rows = await repository.transaction(async (tx) => {
    const found = await tx.exportRows(user, register, query.grid)
    await tx.audit(actor, {
      action: 'registry.export',
      entity: register,
      entityId: query.grid ?? null,
      after: { reason: query.reason, rows: found.length },
    })
    return found
  })
  const time = at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
  const heading = `导出人：${user.name}（${user.phone.slice(0, 3)}****${user.phone.slice(7)}）  导出时间：${time}  导出原因：${query.reason}  证件号和电话已脱敏`
  return {
    bytes: await exportWorkbook(
      register,
      heading,
      SHEET_COLUMNS[register],
      rows.map((r) => named(register, r)),
    ),
    name: `${FILE_NAMES[register]}-${day.replaceAll('-', '')}.xlsx`,
    asciiName: `registry-${register}-${day.replaceAll('-', '')}.xlsx`,
  }
}

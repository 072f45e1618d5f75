import { SIX_HAVES, STATION_TYPES, type SixHaveCode } from '@wangge/stations'
import type { GridComplianceRow } from './station-compliance.ts'
import type { ReportTable } from './report-table.ts'
import type { StationAuditView } from './station-audits.ts'
import type { StationSummary } from './station-list.ts'

const STATUS = { compliant: '合规', failing: '不合规', unaudited: '未检查' } as const
const typeName = (type: string) => STATION_TYPES.find((t) => t.code === type)?.name ?? type
const itemName = (code: SixHaveCode) => SIX_HAVES.find((i) => i.code === code)!.name
/** "2026-11-28T09:30:00.000+08:00" → "2026-11-28 09:30": the times are already on the Shanghai clock. */
const minute = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : null)

/** 站点合规表: one row per station with its latest audit's result. */
export function stationsTable(stations: readonly StationSummary[]): ReportTable {
  return {
    sheetName: '站点合规',
    columns: [
      { header: '站点名称', width: 28 },
      { header: '站点类型', width: 12 },
      { header: '所属网格编码', width: 18 },
      { header: '所属网格', width: 20 },
      { header: '地址', width: 32 },
      { header: '联系人', width: 10 },
      { header: '联系电话', width: 14 },
      { header: '开放时间', width: 22 },
      { header: '合规状态', width: 10 },
      { header: '得分', width: 8 },
      { header: '最近检查时间', width: 18 },
      { header: '下次检查截止', width: 18 },
      { header: '检查逾期', width: 10 },
      { header: '不合格项', width: 30 },
      { header: '待整改', width: 8 },
      { header: '状态', width: 8 },
    ],
    rows: stations.map((s) => [
      s.name,
      typeName(s.type),
      s.grid.code,
      s.grid.name,
      s.address,
      s.contactName,
      s.contactPhone,
      s.openingHours,
      STATUS[s.compliance.status],
      s.compliance.score,
      minute(s.compliance.lastAuditAt),
      minute(s.compliance.dueAt),
      s.compliance.due ? '是' : '否',
      (s.latestItems ?? [])
        .filter((i) => !i.passed)
        .map((i) => itemName(i.code))
        .join('、'),
      s.openRectifications,
      s.active ? '启用' : '停用',
    ]),
  }
}

/** 网格汇总: per grid, stations, compliant, share and failures per item. */
export function rollUpTable(level: 1 | 2, rows: readonly GridComplianceRow[]): ReportTable {
  return {
    sheetName: level === 1 ? '社区汇总' : '片区汇总',
    columns: [
      { header: '网格编码', width: 18 },
      { header: '网格名称', width: 22 },
      { header: '站点数', width: 8 },
      { header: '合规站点数', width: 10 },
      { header: '合规率', width: 10 },
      ...SIX_HAVES.map((i) => ({ header: `${i.name}不合格`, width: 14 })),
      { header: '检查逾期', width: 10 },
    ],
    rows: rows.map((r) => [
      r.grid.code,
      r.grid.name,
      r.stations,
      r.compliant,
      r.share === null ? null : `${(r.share * 100).toFixed(1)}%`,
      ...SIX_HAVES.map((i) => r.itemFailures[i.code]),
      r.overdueAudits,
    ]),
  }
}

/** 检查记录: one row per audit, each of the six items in its own column. */
export function auditsTable(
  audits: readonly StationAuditView[],
  stationsById: ReadonlyMap<number, StationSummary>,
): ReportTable {
  return {
    sheetName: '检查记录',
    columns: [
      { header: '检查编号', width: 10 },
      { header: '站点名称', width: 28 },
      { header: '所属网格', width: 20 },
      { header: '检查时间', width: 18 },
      { header: '检查人', width: 10 },
      { header: '得分', width: 8 },
      { header: '六有全部合格', width: 12 },
      { header: '距站点（米）', width: 12 },
      { header: '现场检查', width: 10 },
      ...SIX_HAVES.map((i) => ({ header: i.name, width: 24 })),
      { header: '备注', width: 30 },
    ],
    rows: audits.map((a) => {
      const station = stationsById.get(a.stationId)
      return [
        a.id,
        station?.name ?? String(a.stationId),
        station?.grid.name ?? null,
        minute(a.at),
        a.auditor.name,
        a.score,
        a.passedAll ? '是' : '否',
        Math.round(a.distanceM),
        a.offSite ? '否（非现场）' : '是',
        ...SIX_HAVES.map((def) => {
          const item = a.items.find((i) => i.code === def.code)
          if (!item) return null
          const verdict = item.passed
            ? item.deduction > 0
              ? `合格（扣${item.deduction}分）`
              : '合格'
            : `不合格（扣${item.deduction}分）`
          return item.note ? `${verdict}：${item.note}` : verdict
        }),
        a.note,
      ]
    }),
  }
}

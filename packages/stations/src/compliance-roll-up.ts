import { SIX_HAVE_CODES, type SixHaveCode } from './six-haves.ts'

export interface StationForRollUp {
  /** The station's grid and its ancestors: a station counts towards every grid above it. */
  gridIds: readonly number[]
  compliant: boolean
  due: boolean
  /** The latest audit's items, or null before the first audit. */
  latestItems: readonly { code: SixHaveCode; passed: boolean }[] | null
}

export interface ComplianceRollUp {
  gridId: number
  stations: number
  compliant: number
  /** compliant / stations, or null for a grid without stations. */
  share: number | null
  /** Per item, how many stations' latest audits failed it. */
  itemFailures: Record<SixHaveCode, number>
  /** Stations whose audit is due (a quarter old, or never audited). */
  overdueAudits: number
}

const noFailures = (): Record<SixHaveCode, number> =>
  Object.fromEntries(SIX_HAVE_CODES.map((c) => [c, 0])) as Record<SixHaveCode, number>

/** One roll-up row per grid of `gridIds` (in that order), over the stations in or under it. */
export function rollUpCompliance(
  gridIds: readonly number[],
  stations: readonly StationForRollUp[],
): ComplianceRollUp[] {
  const rows = new Map(
    gridIds.map((id) => [
      id,
      {
        gridId: id,
        stations: 0,
        compliant: 0,
        share: null as number | null,
        itemFailures: noFailures(),
        overdueAudits: 0,
      },
    ]),
  )
  for (const station of stations) {
    for (const gridId of new Set(station.gridIds)) {
      const row = rows.get(gridId)
      if (!row) continue
      row.stations++
      if (station.compliant) row.compliant++
      if (station.due) row.overdueAudits++
      for (const item of station.latestItems ?? []) if (!item.passed) row.itemFailures[item.code]++
    }
  }
  return [...rows.values()].map((row) => ({ ...row, share: row.stations === 0 ? null : row.compliant / row.stations }))
}

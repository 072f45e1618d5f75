/** Below this compliant share a grid is failing its stations: the map paints it red. */
export const COMPLIANCE_SHARE_FLOOR = 0.6
/** The street's target share of compliant stations per grid: from here a grid is on target (green). */
export const COMPLIANCE_SHARE_TARGET = 0.9

/** Where a grid's compliant share stands; `none` for a grid without stations, which has no share. */
export type ComplianceShareBand = 'low' | 'belowTarget' | 'onTarget' | 'none'

/** The bands in the order a legend lists them, each with the shares it covers, [from, below). */
export const COMPLIANCE_SHARE_BANDS: readonly {
  band: Exclude<ComplianceShareBand, 'none'>
  from: number
  below: number
}[] = [
  { band: 'low', from: 0, below: COMPLIANCE_SHARE_FLOOR },
  { band: 'belowTarget', from: COMPLIANCE_SHARE_FLOOR, below: COMPLIANCE_SHARE_TARGET },
  { band: 'onTarget', from: COMPLIANCE_SHARE_TARGET, below: Number.POSITIVE_INFINITY },
]

/** The band of a compliant share (0–1, as `rollUpCompliance` gives it), or `none` when the grid has no stations. */
export function complianceShareBand(share: number | null): ComplianceShareBand {
  if (share === null) return 'none'
  if (share < COMPLIANCE_SHARE_FLOOR) return 'low'
  if (share < COMPLIANCE_SHARE_TARGET) return 'belowTarget'
  return 'onTarget'
}

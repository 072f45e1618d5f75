import { complianceShareBand, type ComplianceShareBand } from '@wangge/stations'
import type { Station } from '../api/stations.ts'

/** How the map and table colour a station: a failing latest audit first, then a due audit, else compliant. */
export type StationMark = 'compliant' | 'failing' | 'due'

export function stationMark(station: Pick<Station, 'compliance'>): StationMark {
  if (station.compliance.status === 'failing') return 'failing'
  if (station.compliance.due || station.compliance.status === 'unaudited') return 'due'
  return 'compliant'
}

/** A grid's fill by the band of its compliant share (the thresholds live in @wangge/stations); grey without stations. */
export const SHARE_BAND_COLOURS: Record<ComplianceShareBand, string> = {
  low: '#e57373',
  belowTarget: '#ffb74d',
  onTarget: '#81c784',
  none: '#9aa5ad',
}

export function shareColour(share: number | null): string {
  return SHARE_BAND_COLOURS[complianceShareBand(share)]
}

export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`
}

import type { Station } from '../api/stations.ts'

/** How the map and table colour a station: a failing latest audit first, then a due audit, else compliant. */
export type StationMark = 'compliant' | 'failing' | 'due'

export function stationMark(station: Pick<Station, 'compliance'>): StationMark {
  if (station.compliance.status === 'failing') return 'failing'
  if (station.compliance.due || station.compliance.status === 'unaudited') return 'due'
  return 'compliant'
}

export const MARK_COLOURS: Record<StationMark, string> = {
  compliant: '#2e7d32',
  failing: '#c62828',
  due: '#e08a00',
}

/**
 * A grid's fill by its compliant share: red below 60 %, amber below 90 %, green from 90 % (the street's target),
 * grey for a grid without stations.
 */
export function shareColour(share: number | null): string {
  if (share === null) return '#9aa5ad'
  if (share < 0.6) return '#e57373'
  if (share < 0.9) return '#ffb74d'
  return '#81c784'
}

export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`
}

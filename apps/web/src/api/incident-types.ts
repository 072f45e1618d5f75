import type { IncidentEventData, IndicatorRow } from '@wangge/contract'
import type { IncidentState } from '@wangge/workflow'

export type { IncidentDetail } from '@wangge/contract'

/**
 * An incident as the live map holds it: a point of GET /api/incidents/geojson, or the `data` of an
 * `incident.created` / `incident.updated` event — the server builds both with the same fields; `grids` is
 * [l1, l2, l3], from the event's envelope or the point's gridL1..3.
 */
export type IncidentPoint = IncidentEventData & { grids: [number, number, number] }

/** GET /api/stats/grids: the parts of one grid's indicators the live map's table shows. */
export type GridIndicators = Pick<IndicatorRow, 'key' | 'reported' | 'closed' | 'closedOnTime' | 'onTimeRate'>

export interface IncidentFilters {
  status: IncidentState[]
  category: string | null
  grid: number | null
  /** Reported at or after (ISO), or null for any time. */
  from: string | null
}

/** Whether an incident passes the map's filters (applied to live events as the server applies them to the list). */
export function matchesFilters(point: IncidentPoint, filters: IncidentFilters): boolean {
  if (filters.status.length > 0 && !filters.status.includes(point.status)) return false
  if (filters.category !== null && !point.category.startsWith(filters.category)) return false
  // The chain holds all three levels, so a filter on a grid of any level is a membership test.
  if (filters.grid !== null && !point.grids.includes(filters.grid)) return false
  if (filters.from !== null && Date.parse(point.createdAt) < Date.parse(filters.from)) return false
  return true
}

import type { IncidentAction, IncidentState } from '@wangge/workflow'

/**
 * An incident as the live map holds it: a point of GET /api/incidents/geojson, or the `data` of an
 * `incident.created` / `incident.updated` event — the server builds both with the same fields.
 */
export interface IncidentPoint {
  id: string
  caseNumber: string
  status: IncidentState
  category: string
  description: string
  lng: number
  lat: number
  dueAt: string | null
  createdAt: string
  assigneeUserId: number | null
  assigneeDepartmentId: number | null
  /** [l1, l2, l3]; from events and the geojson's gridL1..3. */
  grids: [number, number, number]
}

/** Reply of GET /api/incidents/{id} (the parts the drawer shows). */
export interface IncidentDetail {
  id: string
  caseNumber: string
  status: IncidentState
  category: { id: number; code: string; name: string; nameEn: string }
  description: string
  location: { lng: number; lat: number }
  address: string | null
  grids: { id: number; code: string; level: number; name: string }[]
  reporter: { id: number; name: string }
  selfHandled: boolean
  assignee: { user: { id: number; name: string } | null; department: { id: number; code: string; name: string } | null }
  dueAt: string | null
  createdAt: string
  reworkCount: number
  extensionCount: number
  photos: { sha256: string; kind: string }[]
  actions: IncidentAction[]
  history: { id: string; at: string; actor: { id: number; name: string }; action: string; from: string | null; to: string; note: string | null }[]
}

/** GET /api/categories: groups with their sub-categories. */
export interface CategoryGroup {
  id: number
  code: string
  name: string
  nameEn: string
  children: { id: number; code: string; name: string; nameEn: string; defaultDepartmentId: number | null }[]
}

/** GET /api/workers/positions: an on-duty worker's last known position. */
export interface WorkerPosition {
  userId: number
  name: string
  lng: number
  lat: number
  accuracy: number | null
  at: string
  stale: boolean
  distanceM?: number | null
}

/** GET /api/stats/grids: one grid's indicators over a period. */
export interface GridIndicators {
  key: { id: number; code: string; name: string }
  reported: number
  closed: number
  closedOnTime: number
  onTimeRate: number | null
}

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

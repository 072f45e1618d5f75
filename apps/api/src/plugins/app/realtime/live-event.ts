/**
 * What a live client receives, under the event's type name: `{ seq, type, at, grids: [l1, l2, l3], data }`.
 * Logged events carry their `seq` (a client keeps the highest it has seen and sends it back on reconnect); worker
 * positions are volatile — only the last one matters, it lives in `worker_positions`, not in the log — and carry
 * `seq: null`.
 */
export type LoggedEventType = 'incident.created' | 'incident.updated' | 'station.audited'
export type LiveEventType = LoggedEventType | 'worker.position'

export interface LiveEvent<T extends LiveEventType = LiveEventType> {
  seq: T extends 'worker.position' ? null : number
  type: T
  at: string
  grids: [number, number, number]
  data: unknown
}

/** An incident as the live map draws it (the same fields as a point of GET /api/incidents/geojson, and more). */
export interface IncidentEventData {
  id: string
  caseNumber: string
  status: string
  category: string
  description: string
  lng: number
  lat: number
  dueAt: string | null
  createdAt: string
  assigneeUserId: number | null
  assigneeDepartmentId: number | null
  reworkCount: number
}

/** A row of `events` as the log queries return it. */
export interface EventRow {
  seq: string
  type: LoggedEventType
  at: Date
  grid_l1_id: number
  grid_l2_id: number
  grid_l3_id: number
  data: unknown
}

export function liveEventOf(row: EventRow): LiveEvent<LoggedEventType> {
  return { seq: Number(row.seq), type: row.type, at: new Date(row.at).toISOString(), grids: [row.grid_l1_id, row.grid_l2_id, row.grid_l3_id], data: row.data }
}

/** Whoever sends events to live clients once their transaction has committed. */
export interface EventPublisher {
  /** To every socket whose scope holds one of the event's grids, except those whose scope holds one of `exceptGrids`. */
  publish(event: LiveEvent, options?: { exceptGrids?: readonly number[] }): void
}

import type { IncidentPoint, WorkerPosition } from '../api/incident-types.ts'

/** What the server sends under each event's type name (apps/api/src/plugins/app/realtime/live-socket.ts). */
export interface LiveEvent<D = unknown> {
  seq: number | null
  type: 'incident.created' | 'incident.updated' | 'station.audited' | 'worker.position'
  at: string
  grids: [number, number, number]
  data: D
}

export type IncidentEvent = LiveEvent<Omit<IncidentPoint, 'grids'>>

/** A worker where they are now, or `position: null`: drop them from this map (off duty, or gone out of scope). */
export type PositionEvent = LiveEvent<{ userId: number; position: Omit<WorkerPosition, 'distanceM'> | null }>

export const LIVE_EVENT_TYPES = ['incident.created', 'incident.updated', 'station.audited', 'worker.position'] as const

/**
 * The connection as the screen shows it: `connecting` (first time), `live` (caught up), `down` (lost, retrying),
 * `catching-up` (back, replay in progress). `caughtUpAt` marks the end of the last catch-up after a drop.
 */
export type LiveStatus = 'connecting' | 'live' | 'down' | 'catching-up'

import { Type, type Static } from '@sinclair/typebox'
import type { IncidentState } from '@wangge/workflow'
import { WorkerPosition } from './workers.ts'

/**
 * What a live client receives over socket.io, under the event's type name: `{ seq, type, at, grids: [l1, l2, l3],
 * data }`. Logged events carry their `seq` (a client keeps the highest it has seen and sends it back on reconnect);
 * worker positions are volatile — only the last one matters — and carry `seq: null`. Nothing validates these on the
 * wire: the schemas document the events and give both sides one type.
 */
export const LOGGED_EVENT_TYPES = ['incident.created', 'incident.updated', 'station.audited'] as const
export type LoggedEventType = (typeof LOGGED_EVENT_TYPES)[number]
export type LiveEventType = LoggedEventType | 'worker.position'

const GridChainIds = Type.Unsafe<[number, number, number]>(
  Type.Array(Type.Integer(), { minItems: 3, maxItems: 3, description: '[l1, l2, l3]' }),
)

export const LiveEventEnvelope = Type.Object({
  seq: Type.Union([Type.Integer(), Type.Null()]),
  type: Type.Unsafe<LiveEventType>(Type.String()),
  at: Type.String({ format: 'date-time' }),
  grids: GridChainIds,
  data: Type.Unknown(),
})

export interface LiveEvent<T extends LiveEventType = LiveEventType, D = unknown> extends Omit<
  Static<typeof LiveEventEnvelope>,
  'seq' | 'type' | 'data'
> {
  seq: T extends 'worker.position' ? null : number
  type: T
  data: D
}

/** An incident as the live map draws it (the same fields as a point of GET /api/incidents/geojson, and more). */
export const IncidentEventData = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  status: Type.Unsafe<IncidentState>(Type.String()),
  category: Type.String({ description: '分类代码 / category code' }),
  description: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  reporterId: Type.Integer(),
  assigneeUserId: Type.Union([Type.Integer(), Type.Null()]),
  assigneeDepartmentId: Type.Union([Type.Integer(), Type.Null()]),
  reworkCount: Type.Integer(),
})
export type IncidentEventData = Static<typeof IncidentEventData>
export type IncidentEvent = LiveEvent<'incident.created' | 'incident.updated', IncidentEventData>

/** A worker where they are now, or `position: null`: the receiving map drops them (off duty, or out of its grids). */
export const PositionEventData = Type.Object({
  userId: Type.Integer(),
  // The positions list's row without its list-only fields (grids, distance to `near`).
  position: Type.Union([Type.Omit(WorkerPosition, ['grids', 'distanceM']), Type.Null()]),
})
export type PositionEventData = Static<typeof PositionEventData>
export type PositionEvent = LiveEvent<'worker.position', PositionEventData>

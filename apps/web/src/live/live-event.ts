import type { LiveEventType, PositionEventData } from '@wangge/contract'

export type { IncidentEvent, LiveEvent, PositionEvent } from '@wangge/contract'

/** A worker on the live map: the positions list's row less its list-only fields, as `worker.position` carries it. */
export type LivePosition = NonNullable<PositionEventData['position']>

/** Every event the live map listens for (the contract's LiveEventType; a value, which the web may not import). */
export const LIVE_EVENT_TYPES = [
  'incident.created',
  'incident.updated',
  'station.audited',
  'worker.position',
] as const satisfies readonly LiveEventType[]

/**
 * The connection as the screen shows it: `connecting` (first time), `live` (caught up), `down` (lost, retrying),
 * `catching-up` (back, replay in progress). `caughtUpAt` marks the end of the last catch-up after a drop.
 */
export type LiveStatus = 'connecting' | 'live' | 'down' | 'catching-up'

import type { LiveEvent, LoggedEventType } from '@wangge/contract'

// The events' shapes are the contract's (packages/contract/src/live-events.ts); the log and the publisher are the API's.
export type { LiveEvent, LoggedEventType } from '@wangge/contract'

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
  return {
    seq: Number(row.seq),
    type: row.type,
    at: new Date(row.at).toISOString(),
    grids: [row.grid_l1_id, row.grid_l2_id, row.grid_l3_id],
    data: row.data,
  }
}

/** Whoever sends events to live clients once their transaction has committed. */
export interface EventPublisher {
  /**
   * To every socket whose scope holds one of the event's grids, except those whose scope holds one of `exceptGrids`;
   * an incident event also to the handlers of its assignee department and of `leftDepartment` (the one a return took it from).
   */
  publish(event: LiveEvent, options?: { exceptGrids?: readonly number[]; leftDepartment?: number | null }): void
}

import { AppError, ForbiddenError, OutsideManagedAreaError } from '../../../errors.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { GridsRepository } from '../grids/grids-repository.ts'
import type { PositionEventData } from '@wangge/contract'
import type { EventPublisher, LiveEvent } from '../realtime/live-event.ts'
import {
  POSITION_INTERVAL_S,
  type RecordedPosition,
  type WorkerPositionsRepository,
} from './worker-positions-repository.ts'

export class PositionRateLimitedError extends AppError {
  constructor() {
    super(
      429,
      'RATE_LIMITED',
      `位置上报过于频繁：每 ${POSITION_INTERVAL_S} 秒最多一次 / at most one position every ${POSITION_INTERVAL_S} s`,
    )
  }
}

export interface PositionInput {
  lng: number
  lat: number
  accuracy: number
}

interface Deps {
  positions: WorkerPositionsRepository
  grids: GridsRepository
  events: EventPublisher
}

function positionEvent(grids: [number, number, number], data: PositionEventData): LiveEvent<'worker.position'> {
  return { seq: null, type: 'worker.position', at: new Date().toISOString(), grids, data }
}

/** An on-duty worker's phone reports where it is; supervisors of that grid see the worker move. */
export async function reportWorkerPosition(deps: Deps, user: SignedInUser, input: PositionInput): Promise<void> {
  if (user.role !== 'worker') throw new ForbiddenError()
  const chain = await deps.grids.chainAt(input.lng, input.lat)
  if (!chain) throw new OutsideManagedAreaError(input.lng, input.lat)
  const grids: [number, number, number] = [chain[0].id, chain[1].id, chain[2].id]
  const result = await deps.positions.record(user.id, input, grids)
  if (result.kind === 'rate-limited') throw new PositionRateLimitedError()
  publishWorkerPosition(deps.events, user.id, result, grids)
}

/**
 * Tells the supervisors' maps about a position stored (by recordPosition, or by a patrol's point in its own
 * statement): the new grid's maps see the worker move; maps that showed the old grid but not the new one drop them.
 */
export function publishWorkerPosition(
  events: EventPublisher,
  userId: number,
  result: Extract<RecordedPosition, { kind: 'recorded' }>,
  grids: [number, number, number],
): void {
  const { grids: _where, ...position } = result.position
  events.publish(positionEvent(grids, { userId, position }))
  const left = result.previousGrids
  if (left && left[2] !== grids[2])
    events.publish(positionEvent(left, { userId, position: null }), { exceptGrids: grids })
}

/** Duty switched off: the worker's position leaves the supervisors' maps (the row stays, for the rate limit). */
export async function reportWorkerOffDuty(deps: Deps, user: SignedInUser): Promise<void> {
  if (user.role !== 'worker') throw new ForbiddenError()
  const grids = await deps.positions.goOffDuty(user.id)
  if (grids) deps.events.publish(positionEvent(grids, { userId: user.id, position: null }))
}

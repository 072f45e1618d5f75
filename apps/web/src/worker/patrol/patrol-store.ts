import type { PatrolPointInput, PatrolSummary } from '@wangge/contract'

/**
 * The phone's side of a patrol, kept in localStorage so a page reload, a closed tab or a dead network loses no
 * point: the open patrol's id, the points not yet acknowledged by the server (in time order) and the last point
 * kept (the next fix is filtered against it). A 4-hour patrol at one point per 10 s is ~1,500 points, ~200 KB.
 */
export interface PatrolState {
  patrolId: string
  startedAt: string
  pending: PatrolPointInput[]
  lastKept: { at: number; lng: number; lat: number } | null
  /** The server's last word on the patrol (length, grids), for the screen. */
  summary: PatrolSummary | null
}

const keyOf = (userId: number) => `wangge.patrol.${userId}`

export function loadPatrol(userId: number): PatrolState | null {
  try {
    const text = localStorage.getItem(keyOf(userId))
    return text ? (JSON.parse(text) as PatrolState) : null
  } catch {
    return null
  }
}

export function savePatrol(userId: number, state: PatrolState | null): void {
  if (state === null) localStorage.removeItem(keyOf(userId))
  else localStorage.setItem(keyOf(userId), JSON.stringify(state))
}

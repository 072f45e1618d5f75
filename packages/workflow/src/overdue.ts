import { INCIDENT_STATES, isOpen, type IncidentState } from './incident-state.ts'

/** Cases still in somebody's hands: the live map and the backlog show these by default. */
export const OPEN_STATES: readonly IncidentState[] = INCIDENT_STATES.filter(isOpen)

/**
 * The states in which a case's due time binds: dispatch starts the SLA clock, feedback stops it, and a failed
 * verification starts it again at `dispatched`. A case waiting for registration or verification is open but
 * owes nothing to a deadline, so it is never overdue. The API's SQL renders this list as literals, so it
 * matches the partial index `incidents_due_idx` (migration 0005), whose predicate names the same two states.
 */
export const SLA_RUNNING_STATES = ['dispatched', 'in_progress'] as const satisfies readonly IncidentState[]

/** Whether the case's due time binds in this state (see `SLA_RUNNING_STATES`). */
export function isSlaRunning(state: IncidentState): boolean {
  return (SLA_RUNNING_STATES as readonly IncidentState[]).includes(state)
}

export interface DueCase {
  status: IncidentState
  /** ISO 8601, or null before the case is dispatched. */
  dueAt: string | null
}

/** Overdue: the SLA clock runs and its due time has passed. The API's `overdueCondition` is the same rule in SQL. */
export function isOverdue(incident: DueCase, nowMs: number): boolean {
  return isSlaRunning(incident.status) && incident.dueAt !== null && Date.parse(incident.dueAt) < nowMs
}

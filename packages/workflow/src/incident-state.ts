/** Where an incident stands in the closed loop (DESIGN.md, "Incidents"). */
export const INCIDENT_STATES = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'in_progress',
  'handled',
  'closed',
] as const
export type IncidentState = (typeof INCIDENT_STATES)[number]

export function isIncidentState(value: unknown): value is IncidentState {
  return typeof value === 'string' && (INCIDENT_STATES as readonly string[]).includes(value)
}

/** No action leaves a terminal state: a rejected report or a closed case is history only. */
export function isTerminal(state: IncidentState): boolean {
  switch (state) {
    case 'rejected':
    case 'closed':
      return true
    case 'reported':
    case 'registered':
    case 'dispatched':
    case 'in_progress':
    case 'handled':
      return false
  }
}

/** Open incidents are the ones still owed work: they count in the live map and in the backlog. */
export function isOpen(state: IncidentState): boolean {
  return !isTerminal(state)
}

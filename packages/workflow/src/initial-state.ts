import type { IncidentState } from './incident-state.ts'

/**
 * A report starts at `reported`, unless the worker fixed it on the spot (自行处置): then it starts at `handled`
 * and still waits for a supervisor's verification. Record the reporter as its assignee, so a failed verification
 * sends the rework back to them.
 */
export function initialState({ selfHandled }: { readonly selfHandled: boolean }): IncidentState {
  return selfHandled ? 'handled' : 'reported'
}

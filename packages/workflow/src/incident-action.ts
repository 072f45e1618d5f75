/** The steps of the workflow; each is `POST /api/incidents/:id/{action}` in the API. */
export const INCIDENT_ACTIONS = [
  'register',
  'reject',
  'dispatch',
  'accept',
  'return',
  'feedback',
  'verify',
  'extend',
] as const
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number]

export function isIncidentAction(value: unknown): value is IncidentAction {
  return typeof value === 'string' && (INCIDENT_ACTIONS as readonly string[]).includes(value)
}

/**
 * What each action carries. Every action may carry a `note` for the history row; photos (feedback's after-photos)
 * are uploads the API stores beside the history row, so the workflow never sees them.
 */
export interface IncidentActionInputs {
  register: { readonly note?: string }
  reject: { readonly reason: string }
  /** At least one of the two; both means "this worker, on behalf of this department". */
  dispatch: { readonly userId?: number | null; readonly departmentId?: number | null; readonly note?: string }
  accept: { readonly note?: string }
  /** Misdirected: back to the supervisor for another dispatch. */
  return: { readonly reason: string }
  feedback: { readonly note: string }
  /** A failed verification needs a note saying what is still wrong. */
  verify: { readonly passed: boolean; readonly note?: string }
  extend: { readonly dueAt: Date; readonly reason: string }
}

export type ActionInput<A extends IncidentAction> = IncidentActionInputs[A]

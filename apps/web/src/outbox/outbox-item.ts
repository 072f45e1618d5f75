import type { IncidentReportInput, WorkerActionInput } from '../api/incident-reports.ts'
import type { VisitInput } from '../registry/registry-api.ts'

/**
 * Where a queued submission stands. `waiting`: on the phone, to be sent (again) at `nextAttemptAt`; `sending`: on
 * its way; `sent`: the server has it; `refused`: the server said no for a reason a retry cannot change.
 */
export type OutboxState = 'waiting' | 'sending' | 'sent' | 'refused'

export type OutboxPayload =
  | { kind: 'report'; report: IncidentReportInput }
  | { kind: 'action'; step: WorkerActionInput; caseNumber: string }
  | { kind: 'visit'; visit: VisitInput }

export interface OutboxItem {
  /** The idempotency key: a report's clientId as the server stores it; for a step, the outbox's own key. */
  clientId: string
  /** Whose submission this is: on a shared phone, only its author's session sends it. */
  userId: number
  createdAt: number
  payload: OutboxPayload
  /** Photos are dropped once sent (they are on the server); the count stays for the list. */
  photoCount: number
  state: OutboxState
  attempts: number
  nextAttemptAt: number
  /** Why the last attempt did not go through (network, server error), for the list while it waits. */
  lastError: string | null
  /** The server's code and message when it refused the submission. */
  refusal: { code: string; message: string } | null
  sentAt: number | null
  /** The case the server filed or updated. */
  result: { incidentId: string; caseNumber: string } | null
}

export function newOutboxItem(userId: number, clientId: string, payload: OutboxPayload, now = Date.now()): OutboxItem {
  const photos =
    payload.kind === 'report'
      ? payload.report.photos
      : payload.kind === 'visit'
        ? payload.visit.photos
        : payload.step.photos
  return {
    clientId,
    userId,
    createdAt: now,
    payload,
    photoCount: photos.length,
    state: 'waiting',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    refusal: null,
    sentAt: null,
    result: null,
  }
}

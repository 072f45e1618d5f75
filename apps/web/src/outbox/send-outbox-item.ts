import { ApiError } from '../api/api-error.ts'
import {
  fetchIncident,
  submitIncidentReport,
  submitWorkerAction,
  type IncidentDetail,
  type WorkerAction,
} from '../api/incident-reports.ts'
import type { OutboxItem } from './outbox-item.ts'
import { submitVisit } from '../registry/registry-api.ts'

export type SendOutcome =
  | { outcome: 'sent'; result: { incidentId: string; caseNumber: string } }
  | { outcome: 'refused'; code: string; message: string }
  | { outcome: 'retry'; error: string; /** The network is down: no point trying the next item now. */ offline: boolean }

/** A slow 2G upload of a few downscaled photos fits; a request hanging longer is given up and retried. */
const SEND_TIMEOUT_MS = 90_000

/** What the server's history calls each step (the worker's three steps keep their names). */
const HISTORY_ACTION: Record<WorkerAction, string> = { accept: 'accept', return: 'return', feedback: 'feedback' }

/**
 * Sends one queued submission and says what to do with it. Resending is always safe: a report carries its
 * clientId, and the server answers a repeated one with the incident it filed the first time; a step that had
 * already gone through (the reply was lost) comes back as 409 and is recognised in the case's history.
 */
export async function sendOutboxItem(item: OutboxItem): Promise<SendOutcome> {
  const signal = AbortSignal.timeout(SEND_TIMEOUT_MS)
  // A visit is idempotent by its clientId: a resend answers the visit filed the first time.
  if (item.payload.kind === 'visit') {
    try {
      const visit = await submitVisit(item.payload.visit, item.clientId, signal)
      return { outcome: 'sent', result: { incidentId: visit.incidentId ?? '', caseNumber: '' } }
    } catch (error) {
      return classify(error)
    }
  }
  try {
    const detail = await submit(item, signal)
    // No case in the reply: a step that took the case out of this worker's scope; the queue knows which case it was.
    if (!detail && item.payload.kind === 'action')
      return {
        outcome: 'sent',
        result: { incidentId: item.payload.step.incidentId, caseNumber: item.payload.caseNumber },
      }
    if (!detail) throw new Error('a report answered without its case')
    return { outcome: 'sent', result: { incidentId: detail.id, caseNumber: detail.caseNumber } }
  } catch (error) {
    if (item.payload.kind === 'action' && error instanceof ApiError && error.statusCode === 409) {
      const done = await stepAlreadyTaken(item).catch(() => null)
      if (done) return { outcome: 'sent', result: { incidentId: done.id, caseNumber: done.caseNumber } }
    }
    return classify(error)
  }
}

function submit(item: OutboxItem, signal: AbortSignal): Promise<IncidentDetail | undefined> {
  const { payload } = item
  switch (payload.kind) {
    case 'report':
      return submitIncidentReport({ ...payload.report, clientId: item.clientId }, signal)
    case 'action':
      return submitWorkerAction(payload.step, signal)
    case 'visit':
      throw new Error('visits are sent by sendOutboxItem itself')
  }
}

/** The case, when its history shows this user took this step after the item was queued. */
async function stepAlreadyTaken(item: OutboxItem): Promise<IncidentDetail | null> {
  if (item.payload.kind !== 'action') return null
  const { step } = item.payload
  const detail = await fetchIncident(step.incidentId)
  const taken = detail.history.some(
    (entry) =>
      entry.actor.id === item.userId &&
      entry.action === HISTORY_ACTION[step.action] &&
      Date.parse(entry.at) >= item.createdAt - 60_000,
  )
  return taken ? detail : null
}

/**
 * Which failures are worth another try: no network, a timeout, the server failing or busy (5xx, 408, 429), and a
 * lost session (401: the item waits until its user signs in again). Any other 4xx is the server's considered
 * answer about this submission (outside the street, an illegal step, invalid content) and is shown as refused.
 */
function classify(error: unknown): SendOutcome {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { outcome: 'retry', error: 'TIMEOUT', offline: false }
  }
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK_ERROR') return { outcome: 'retry', error: error.code, offline: true }
    const status = error.statusCode
    if (status >= 500 || status === 408 || status === 429 || status === 401)
      return { outcome: 'retry', error: error.code, offline: false }
    return { outcome: 'refused', code: error.code, message: error.message }
  }
  return { outcome: 'retry', error: error instanceof Error ? error.name : 'ERROR', offline: false }
}

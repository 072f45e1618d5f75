import type { WorkerAction } from '../../api/incident-reports.ts'
import type { OutboxItem } from '../../outbox/outbox-item.ts'

/** Where a worker's step takes a case (packages/workflow decides on the server; this only previews it offline). */
const STEP_TO: Record<WorkerAction, string> = { accept: 'in_progress', feedback: 'handled', return: 'registered' }

/** The worker's steps from each state, for when the case's own `actions` cannot be asked for (no network). */
const STEPS_FROM: Record<string, WorkerAction[]> = { dispatched: ['accept', 'return'], in_progress: ['feedback'] }

/**
 * The case as the worker will see it once the steps still on the phone have gone through: a task accepted with
 * no network is shown in progress, and can already be reported back (the outbox sends the steps in order).
 */
export function statusAfterPending(
  serverStatus: string,
  outbox: OutboxItem[] | null,
  incidentId: string,
): { status: string; pending: WorkerAction[] } {
  const pending = (outbox ?? [])
    .filter(
      (item) =>
        item.payload.kind === 'action' &&
        item.payload.step.incidentId === incidentId &&
        (item.state === 'waiting' || item.state === 'sending'),
    )
    .map((item) => (item.payload.kind === 'action' ? item.payload.step.action : 'accept'))
  const status = pending.reduce((current, step) => STEP_TO[step] ?? current, serverStatus)
  return { status, pending }
}

/** The steps offered now: the server's list when it is fresh and nothing is pending, else the state's own. */
export function stepsOffered(status: string, serverActions: string[] | null, pending: WorkerAction[]): WorkerAction[] {
  const ofState = STEPS_FROM[status] ?? []
  if (serverActions && pending.length === 0) return ofState.filter((step) => serverActions.includes(step))
  return ofState
}

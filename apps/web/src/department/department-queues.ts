import type { IncidentSummary } from '@wangge/contract'
import { isOverdue } from '@wangge/workflow'

/**
 * A handler's four queues over the department's open cases: what the API's filters are for each. 待接收 and 返工
 * are both `dispatched` (waiting for the handler to accept); a case a failed verification sent back is rework.
 */
export const DEPARTMENT_QUEUES = {
  pending: { status: 'dispatched', rework: false },
  inProgress: { status: 'in_progress', rework: undefined },
  awaitingVerification: { status: 'handled', rework: undefined },
  rework: { status: 'dispatched', rework: true },
} as const satisfies Record<string, { status: string; rework: boolean | undefined }>

export type DepartmentQueue = keyof typeof DEPARTMENT_QUEUES
export const QUEUE_ORDER = Object.keys(DEPARTMENT_QUEUES) as DepartmentQueue[]

export function isDepartmentQueue(value: string | null): value is DepartmentQueue {
  return value !== null && value in DEPARTMENT_QUEUES
}

/** Overdue cases first, then the nearest due time, then the newest; a case with no due time comes last. */
export function queueOrder(cases: readonly IncidentSummary[], nowMs: number): IncidentSummary[] {
  const due = (c: IncidentSummary) => (c.dueAt ? Date.parse(c.dueAt) : Number.POSITIVE_INFINITY)
  return [...cases].sort((a, b) => {
    const late = Number(isOverdue(b, nowMs)) - Number(isOverdue(a, nowMs))
    if (late !== 0) return late
    if (due(a) !== due(b)) return due(a) - due(b)
    return BigInt(b.id) > BigInt(a.id) ? 1 : -1
  })
}

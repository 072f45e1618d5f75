import { useEffect } from 'react'
import { fetchMyTasks, type IncidentSummary } from '../../api/incident-reports.ts'
import type { Page } from '../../api/account-types.ts'
import type { OutboxItem } from '../../outbox/outbox-item.ts'
import { useCachedLookup, type CachedLookup } from '../use-cached-lookup.ts'

/**
 * The cases dispatched to this worker and not yet handled, kept on the phone for offline use; reloaded whenever
 * one of the worker's queued steps reaches the server, so an accepted or finished task moves on at once.
 */
export function useMyTasks(userId: number, outbox: OutboxItem[] | null): CachedLookup<Page<IncidentSummary>> {
  const tasks = useCachedLookup(`tasks.${userId}`, (signal) => fetchMyTasks(userId, signal))
  const stepsSent = outbox?.filter((item) => item.payload.kind === 'action' && item.state === 'sent').length ?? 0
  const { reload } = tasks
  useEffect(() => {
    if (stepsSent > 0) reload()
  }, [stepsSent, reload])
  return tasks
}

/** A step for this case still on the phone (waiting or being sent), which the list shows instead of the bare state. */
export function pendingStepFor(outbox: OutboxItem[] | null, incidentId: string): OutboxItem | undefined {
  return outbox?.find(
    (item) =>
      item.payload.kind === 'action' &&
      item.payload.step.incidentId === incidentId &&
      (item.state === 'waiting' || item.state === 'sending'),
  )
}

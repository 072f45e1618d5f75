import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useLiveConnection } from '../live/live-connection.tsx'

/**
 * Keeps the department's cases current: a handler's socket hears only the incident events of its department's
 * cases (the API's department room), each of which may move a case between queues or change the case on screen,
 * so each invalidates the incident lists and that case. After a drop or a resync everything is read again: the
 * replay does not carry a case a colleague returned, which has left the department.
 */
export function useDepartmentLive(): void {
  const live = useLiveConnection()
  const queryClient = useQueryClient()

  useEffect(
    () =>
      live.subscribe((event) => {
        if (event.type !== 'incident.created' && event.type !== 'incident.updated') return
        void queryClient.invalidateQueries({ queryKey: ['incidents'] })
      }),
    [live, queryClient],
  )
  useEffect(
    () => live.onResync(() => void queryClient.invalidateQueries({ queryKey: ['incidents'] })),
    [live, queryClient],
  )
  useEffect(() => {
    if (live.caughtUpAt !== null) void queryClient.invalidateQueries({ queryKey: ['incidents'] })
  }, [live.caughtUpAt, queryClient])
}

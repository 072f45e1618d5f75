import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useLiveConnection } from '../live/live-connection.tsx'

/**
 * Keeps the desk current: any incident event in the supervisor's grids may move a case between queues, so the
 * desk's list and counts are read again (they sit under ['incidents', 'desk']), as is the case page's incident.
 * After a dropped connection everything is read again.
 */
export function useDeskLive(): void {
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ['incidents'] })
    const unsubscribe = live.subscribe((event) => {
      if (event.type === 'incident.created' || event.type === 'incident.updated') refresh()
    })
    const unresync = live.onResync(refresh)
    return () => {
      unsubscribe()
      unresync()
    }
  }, [live, queryClient])
}

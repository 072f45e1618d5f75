import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useLiveConnection } from './live-connection.tsx'

/**
 * A burst of events (a street's morning reports) recounts once, this long after the first of them: a count cannot
 * be patched by an event the way a point can, and each recount is a query over the whole view or queue.
 */
const RECOUNT_AFTER_MS = 3000

/**
 * Reads the queries under `queryKey` again after `incident.*` events (once per burst) and at once after a resync:
 * for what the server counts rather than what events patch (the view's clusters and tint, the map's queues).
 */
export function useRecountOnIncidentEvents(queryKey: readonly string[], enabled = true): void {
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  // The key by value (callers build it afresh each render; its parts are names, plain JSON).
  const keyText = JSON.stringify(queryKey)

  useEffect(() => {
    if (!enabled) return
    const recountNow = () => void queryClient.invalidateQueries({ queryKey: JSON.parse(keyText) as unknown[] })
    let timer: ReturnType<typeof setTimeout> | undefined
    const stopEvents = live.subscribe((event) => {
      if (event.type !== 'incident.created' && event.type !== 'incident.updated') return
      timer ??= setTimeout(() => {
        timer = undefined
        recountNow()
      }, RECOUNT_AFTER_MS)
    })
    const stopResync = live.onResync(recountNow)
    return () => {
      stopEvents()
      stopResync()
      clearTimeout(timer)
    }
  }, [enabled, keyText, live, queryClient])
}

import { useEffect, useState } from 'react'
import { fetchWorkerPositions } from '../api/incidents.ts'
import type { WorkerPosition } from '../api/incident-types.ts'
import { useLiveConnection } from './live-connection.tsx'
import type { LiveEvent, PositionEvent } from './live-event.ts'

/**
 * On-duty workers where they were last seen. Positions are not in the event log (only the last one matters), so
 * they are read over HTTP at first and after every reconnect, and moved by `worker.position` events between.
 */
export function useWorkerPositions(): ReadonlyMap<number, WorkerPosition> {
  const live = useLiveConnection()
  const [positions, setPositions] = useState<ReadonlyMap<number, WorkerPosition>>(new Map())

  useEffect(
    () =>
      live.subscribe((event: LiveEvent) => {
        if (event.type !== 'worker.position') return
        const { userId, position } = (event as PositionEvent).data
        setPositions((current) => {
          const next = new Map(current)
          if (position) next.set(userId, position)
          else next.delete(userId)
          return next
        })
      }),
    [live],
  )

  useEffect(() => {
    const controller = new AbortController()
    fetchWorkerPositions({}, controller.signal).then(
      (items) => setPositions(new Map(items.map((p) => [p.userId, p]))),
      () => undefined, // the map still works without positions; the next reconnect tries again
    )
    return () => controller.abort()
  }, [live.caughtUpAt])

  return positions
}

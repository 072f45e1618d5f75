import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { fetchWorkerPositions } from '../api/incidents.ts'
import { useLiveConnection } from './live-connection.tsx'
import type { LiveEvent, LivePosition, PositionEvent } from './live-event.ts'

type Positions = ReadonlyMap<number, LivePosition>

// Under ['workers', 'positions'] with the other positions queries, so one invalidation reaches them all.
const positionsOnMap = queryOptions({
  queryKey: ['workers', 'positions', 'on-map'],
  queryFn: async ({ signal }): Promise<Positions> =>
    new Map((await fetchWorkerPositions({}, signal)).map((p) => [p.userId, p])),
  // Events move the workers; a reconnect reads them all again (below).
  staleTime: Infinity,
  structuralSharing: false,
})
const NO_POSITIONS: Positions = new Map()

/**
 * On-duty workers where they were last seen. Positions are not in the event log (only the last one matters), so
 * they are read over HTTP at first and after every reconnect, and moved in the cache by `worker.position` events
 * between. A failed read leaves the map without workers until the next reconnect; the map still works.
 */
export function useWorkerPositions(): Positions {
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  const { data } = useQuery(positionsOnMap)

  useEffect(
    () =>
      live.subscribe((event: LiveEvent) => {
        if (event.type !== 'worker.position') return
        const { userId, position } = (event as PositionEvent).data
        queryClient.setQueryData(positionsOnMap.queryKey, (current) => {
          const next = new Map(current)
          if (position) next.set(userId, position)
          else next.delete(userId)
          return next
        })
      }),
    [live, queryClient],
  )

  useEffect(() => {
    if (live.caughtUpAt !== null) void queryClient.invalidateQueries({ queryKey: ['workers', 'positions'] })
  }, [live.caughtUpAt, queryClient])

  return data ?? NO_POSITIONS
}

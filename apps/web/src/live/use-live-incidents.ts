import { hashKey, keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { fetchIncidentPoints } from '../api/incidents.ts'
import { matchesFilters, type IncidentFilters, type IncidentPoint } from '../api/incident-types.ts'
import { useLiveConnection } from './live-connection.tsx'
import type { IncidentEvent, LiveEvent } from './live-event.ts'

export interface LiveIncidents {
  points: ReadonlyMap<string, IncidentPoint>
  loading: boolean
  error: Error | null
  reload: () => void
}

type Points = ReadonlyMap<string, IncidentPoint>

const POINTS_KEY = ['incidents', 'points'] as const
const pointsKey = (filters: IncidentFilters) => [...POINTS_KEY, filters] as const
const NO_POINTS: Points = new Map()

/**
 * The incidents the map shows: loaded over HTTP for the filters into the query cache, then kept current there by
 * `incident.*` events. Events that arrive while a load is in flight are held and applied on top of its result, so
 * an event committed after the load's query is never lost under it. A `resync` reloads.
 */
export function useLiveIncidents(filters: IncidentFilters): LiveIncidents {
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  // One buffer per load in flight (a new filter's load may start before the old one's is gone).
  const held = useRef(new Set<IncidentEvent[]>())
  // The seq each incident was last changed by: a late event (committed out of seq order) never undoes a newer one.
  const appliedSeq = useRef(new Map<string, number>())
  const filtersRef = useRef(filters)
  useEffect(() => {
    filtersRef.current = filters
  })

  const query = useQuery({
    queryKey: pointsKey(filters),
    queryFn: async ({ signal }): Promise<Points> => {
      const buffer: IncidentEvent[] = []
      held.current.add(buffer)
      try {
        const loaded = await fetchIncidentPoints(filters, signal)
        return buffer.reduce<Points>(
          (points, event) => applyEvent(points, event, filters),
          new Map(loaded.map((p) => [p.id, p])),
        )
      } finally {
        held.current.delete(buffer)
      }
    },
    // Events keep the points current; only a resync, a reconnect's replay gap or new filters read them again.
    staleTime: Infinity,
    // A Map is not plain JSON, which structural sharing compares; the old filters' points stay while new ones load.
    structuralSharing: false,
    placeholderData: keepPreviousData,
  })

  useEffect(
    () => live.onResync(() => void queryClient.invalidateQueries({ queryKey: POINTS_KEY })),
    [live, queryClient],
  )

  useEffect(
    () =>
      live.subscribe((event: LiveEvent) => {
        if (event.type !== 'incident.created' && event.type !== 'incident.updated') return
        const incident = event as IncidentEvent
        const previous = appliedSeq.current.get(incident.data.id)
        if (incident.seq !== null && previous !== undefined && incident.seq < previous) return
        if (incident.seq !== null) appliedSeq.current.set(incident.data.id, incident.seq)
        for (const buffer of held.current) buffer.push(incident)
        const current = filtersRef.current
        queryClient.setQueryData<Points>(
          pointsKey(current),
          (points) => points && applyEvent(points, incident, current),
        )
        // Points kept for other filters did not see the event: they load again when those filters come back.
        void queryClient.invalidateQueries({
          queryKey: POINTS_KEY,
          predicate: (q) => q.queryHash !== hashKey(pointsKey(current)),
          refetchType: 'none',
        })
      }),
    [live, queryClient],
  )

  return {
    points: query.data ?? NO_POINTS,
    loading: query.isFetching,
    error: query.error,
    reload: () => void query.refetch(),
  }
}

function applyEvent(current: Points, event: IncidentEvent, filters: IncidentFilters): Points {
  const point: IncidentPoint = { ...event.data, grids: event.grids }
  const next = new Map(current)
  if (matchesFilters(point, filters)) next.set(point.id, point)
  else next.delete(point.id)
  return next
}

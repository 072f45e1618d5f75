import { hashKey, keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { fetchIncidentPoints, POINTS_LIMIT, type ViewBox } from '../api/incidents.ts'
import { matchesFilters, type IncidentFilters, type IncidentPoint } from '../api/incident-types.ts'
import { useLiveConnection } from './live-connection.tsx'
import type { IncidentEvent, LiveEvent } from './live-event.ts'

export interface LiveIncidents {
  points: ReadonlyMap<string, IncidentPoint>
  /** The load came back full (POINTS_LIMIT): more cases match than the points hold, the oldest left out. */
  truncated: boolean
  /** Points have been loaded (the current scope's, or the previous scope's while the current one loads). */
  ready: boolean
  loading: boolean
  error: Error | null
  reload: () => void
}

type Points = ReadonlyMap<string, IncidentPoint>
interface Loaded {
  points: Points
  truncated: boolean
}

/** Which points: the map's filters, and a view's box when the map loads only what is in view (city scale). */
interface PointsScope {
  filters: IncidentFilters
  bbox: ViewBox | null
}

const POINTS_KEY = ['incidents', 'points'] as const
const pointsKey = (scope: PointsScope) => [...POINTS_KEY, scope.filters, scope.bbox] as const
const NO_POINTS: Points = new Map()

/**
 * The incidents the map shows: loaded over HTTP for the filters (and the view's box, when given) into the query
 * cache, then kept current there by `incident.*` events. Events that arrive while a load is in flight are held and
 * applied on top of its result, so an event committed after the load's query is never lost under it. A `resync`
 * reloads. `enabled: false` loads nothing and shows no points.
 */
export function useLiveIncidents(
  filters: IncidentFilters,
  options: { bbox?: ViewBox | null; enabled?: boolean } = {},
): LiveIncidents {
  const bbox = options.bbox ?? null
  const enabled = options.enabled ?? true
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  // One buffer per load in flight (a new filter's load may start before the old one's is gone).
  const held = useRef(new Set<IncidentEvent[]>())
  // The seq each incident was last changed by: a late event (committed out of seq order) never undoes a newer one.
  const appliedSeq = useRef(new Map<string, number>())
  const scopeRef = useRef<PointsScope>({ filters, bbox })
  useEffect(() => {
    scopeRef.current = { filters, bbox }
  })

  const query = useQuery({
    queryKey: pointsKey({ filters, bbox }),
    enabled,
    queryFn: async ({ signal }): Promise<Loaded> => {
      const buffer: IncidentEvent[] = []
      held.current.add(buffer)
      try {
        const loaded = await fetchIncidentPoints(filters, signal, bbox)
        const points = buffer.reduce<Points>(
          (current, event) => applyEvent(current, event, { filters, bbox }),
          new Map(loaded.map((p) => [p.id, p])),
        )
        return { points, truncated: loaded.length >= POINTS_LIMIT }
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
        const current = scopeRef.current
        queryClient.setQueryData<Loaded>(
          pointsKey(current),
          (loaded) => loaded && { ...loaded, points: applyEvent(loaded.points, incident, current) },
        )
        // Points kept for other filters or views did not see the event: they load again when those come back. Points
        // another hook on the page shows (the city map's view beside its newest cases) are kept current by its own.
        void queryClient.invalidateQueries({
          queryKey: POINTS_KEY,
          predicate: (q) => q.queryHash !== hashKey(pointsKey(current)) && q.getObserversCount() === 0,
          refetchType: 'none',
        })
      }),
    [live, queryClient],
  )

  return {
    points: (enabled && query.data?.points) || NO_POINTS,
    truncated: enabled && (query.data?.truncated ?? false),
    ready: enabled && query.data !== undefined,
    loading: query.isFetching,
    error: query.error,
    reload: () => void query.refetch(),
  }
}

function applyEvent(current: Points, event: IncidentEvent, scope: PointsScope): Points {
  const point: IncidentPoint = { ...event.data, grids: event.grids }
  const next = new Map(current)
  if (matchesFilters(point, scope.filters) && inBox(point, scope.bbox)) next.set(point.id, point)
  else next.delete(point.id)
  return next
}

function inBox(point: IncidentPoint, bbox: ViewBox | null): boolean {
  if (!bbox) return true
  const [w, s, e, n] = bbox
  return point.lng >= w && point.lng <= e && point.lat >= s && point.lat <= n
}

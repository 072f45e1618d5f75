import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { IncidentClusters, IncidentGridLoads } from '@wangge/contract'
import { levelForZoom } from '@wangge/grid'
import { fetchIncidentClusters, fetchIncidentGridLoads } from '../api/incidents.ts'
import type { IncidentFilters } from '../api/incident-types.ts'
import type { MapView } from '../map/map-view-reporter.tsx'
import { useRecountOnIncidentEvents } from './use-recount-on-events.ts'

const VIEW_COUNTS_KEY = ['incidents', 'view-counts'] as const

export interface ViewCounts<T> {
  data: T | undefined
  loading: boolean
  error: Error | null
}

/**
 * Something the server counts over the view (null: nothing loaded), for a map with more cases than it can load as
 * points: loaded per view, the last view's kept while the next loads; `incident.*` events and a resync recount it.
 */
function useViewCounts<T>(
  what: string,
  view: MapView | null,
  key: readonly unknown[],
  count: (view: MapView, signal: AbortSignal) => Promise<T>,
): ViewCounts<T> {
  const query = useQuery({
    queryKey: [...VIEW_COUNTS_KEY, what, ...key, view],
    enabled: view !== null,
    queryFn: ({ signal }) => count(view!, signal),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  })

  useRecountOnIncidentEvents([...VIEW_COUNTS_KEY, what])

  return { data: view === null ? undefined : query.data, loading: query.isFetching, error: query.error }
}

/** The view's incidents counted per cell by the server (GET /api/incidents/clusters): the markers of a crowded view. */
export function useIncidentClusters(filters: IncidentFilters, view: MapView | null): ViewCounts<IncidentClusters> {
  return useViewCounts('clusters', view, [filters], (v, signal) => fetchIncidentClusters(filters, v, signal))
}

/**
 * The view's open cases per grid of the level its zoom draws (GET /api/incidents/grid-loads): the grids' tint when
 * the newest cases loaded as points are not all of them.
 */
export function useIncidentGridLoads(filters: IncidentFilters, view: MapView | null): ViewCounts<IncidentGridLoads> {
  return useViewCounts('grid-loads', view, [filters], (v, signal) =>
    fetchIncidentGridLoads(filters, v, levelForZoom(v.zoom), signal),
  )
}

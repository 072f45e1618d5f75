import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { IncidentClusters } from '@wangge/contract'
import { fetchIncidentClusters } from '../api/incidents.ts'
import type { IncidentFilters } from '../api/incident-types.ts'
import type { MapView } from '../map/map-view-reporter.tsx'
import { useLiveConnection } from './live-connection.tsx'

const CLUSTERS_KEY = ['incidents', 'clusters'] as const

/**
 * A burst of events (a street's morning reports) recounts the view once, this long after the first of them: a count
 * per cell cannot be patched by an event the way a point can, and each recount is a query over the whole view.
 */
const RECOUNT_AFTER_MS = 3000

export interface LiveClusters {
  clusters: IncidentClusters | undefined
  loading: boolean
  error: Error | null
}

/**
 * The view's incidents counted per cell by the server (GET /api/incidents/clusters), for a map with more cases than
 * it can load as points. Loaded per view (null: nothing loaded); `incident.*` events and a resync recount it.
 */
export function useIncidentClusters(filters: IncidentFilters, view: MapView | null): LiveClusters {
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: [...CLUSTERS_KEY, filters, view],
    enabled: view !== null,
    queryFn: ({ signal }) => fetchIncidentClusters(filters, view!, signal),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  })

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const recount = () => {
      timer ??= setTimeout(() => {
        timer = undefined
        void queryClient.invalidateQueries({ queryKey: CLUSTERS_KEY })
      }, RECOUNT_AFTER_MS)
    }
    const stopEvents = live.subscribe((event) => {
      if (event.type === 'incident.created' || event.type === 'incident.updated') recount()
    })
    const stopResync = live.onResync(() => void queryClient.invalidateQueries({ queryKey: CLUSTERS_KEY }))
    return () => {
      stopEvents()
      stopResync()
      clearTimeout(timer)
    }
  }, [live, queryClient])

  return {
    clusters: view === null ? undefined : query.data,
    loading: query.isFetching,
    error: query.error,
  }
}

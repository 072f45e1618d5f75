import { useEffect, useMemo, useState } from 'react'
import type { IncidentCluster } from '@wangge/contract'
import type { IncidentFilters, IncidentPoint } from '../api/incident-types.ts'
import type { MapView } from '../map/map-view-reporter.tsx'
import { gridLoads, type GridLoad } from './grid-load.ts'
import { useIncidentClusters, useIncidentGridLoads } from './use-view-counts.ts'
import { useLiveIncidents, type LiveIncidents } from './use-live-incidents.ts'

/**
 * At city scale, a view holding at most this many cases shows them as points (loaded for the view, clustered in the
 * browser); a view holding more shows the server's clusters. A street's view at zoom 15 holds a few hundred.
 */
export const POINTS_IN_VIEW = 2000

/** A report this fresh stays a marker of its own over the server's clusters: the command centre must see it arrive. */
const FRESH_FOR_MS = 2 * 60_000

type Points = ReadonlyMap<string, IncidentPoint>

export interface MapIncidents {
  /** The newest cases under the filters (all of them below POINTS_LIMIT): the queue. */
  newest: LiveIncidents
  /** More cases match than one load brings: the markers follow the view (points when few, else clusters). */
  cityScale: boolean
  /** What the markers draw: points, and at city scale for a crowded view the server's clusters with them. */
  points: Points
  clusters: readonly IncidentCluster[] | null
  /** How many cases the markers stand for: every point, or at city scale the view's count. */
  count: number
  /** Open and overdue cases per grid, for the grids' tint: from every point, or at city scale the server's count of the view. */
  loads: ReadonlyMap<number, GridLoad>
  loading: boolean
  error: Error | null
}

/**
 * The live map's incidents at any scale. A street's cases are all loaded as points and kept current by events
 * (useLiveIncidents). When the load comes back full, the map is a city's: the view's cases are counted by the
 * server (useIncidentClusters, and per grid for the tint: useIncidentGridLoads); a view with few enough is loaded as points for its box, a crowded one is drawn as
 * the server's clusters, with fresh reports and the open case as markers over them.
 */
export function useMapIncidents(
  filters: IncidentFilters,
  view: MapView | null,
  selectedId: string | null,
): MapIncidents {
  const newest = useLiveIncidents(filters)
  const cityScale = newest.truncated
  const counted = useIncidentClusters(filters, cityScale ? view : null)
  const serverLoads = useIncidentGridLoads(filters, cityScale ? view : null).data
  const total = counted.data?.total
  const fewInView = cityScale && view !== null && total !== undefined && total <= POINTS_IN_VIEW
  const inView = useLiveIncidents(filters, { bbox: view?.bbox ?? null, enabled: fewInView })

  // A fresh report stops being fresh with the clock as well as with events.
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  const overClusters = useMemo(() => {
    const apart = [...newest.points.values()].filter(
      (p) => p.id === selectedId || (p.status === 'reported' && now - Date.parse(p.createdAt) < FRESH_FOR_MS),
    )
    return new Map(apart.map((p) => [p.id, p]))
  }, [newest.points, selectedId, now])

  const loads = useMemo(
    () =>
      cityScale
        ? new Map((serverLoads?.grids ?? []).map((g) => [g.id, { open: g.open, overdue: g.overdue }]))
        : gridLoads(newest.points),
    [cityScale, serverLoads, newest.points],
  )

  if (!cityScale) {
    return {
      newest,
      cityScale,
      points: newest.points,
      clusters: null,
      count: newest.points.size,
      loads,
      ...state(newest),
    }
  }
  if (fewInView && inView.ready) {
    return {
      newest,
      cityScale,
      points: inView.points,
      clusters: null,
      count: inView.points.size,
      loads,
      ...state(inView),
    }
  }
  return {
    newest,
    cityScale,
    points: overClusters,
    clusters: counted.data?.clusters ?? [],
    count: total ?? 0,
    loads,
    loading: counted.loading || newest.loading,
    error: counted.error ?? newest.error,
  }
}

const state = (incidents: LiveIncidents) => ({ loading: incidents.loading, error: incidents.error })

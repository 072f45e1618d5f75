import type { GridLevel } from '@wangge/grid'
import L from 'leaflet'
import { useQuery } from '@tanstack/react-query'
import { gridDetailQuery, gridLayerQuery } from '../api/grids.ts'
import { queryClient } from '../api/query-client.ts'
import type { GridSummary } from '../api/types.ts'

/** Past this many scope roots the street view is as good a frame as any. */
const MAX_ROOTS = 12
/** Shapes simplified for zoom 14 are exact enough to frame a grid and small to fetch. */
const BOUNDS_ZOOM = 14

/**
 * The bounds of the user's scope roots, to open the map on their own grids; null until known, or when there is
 * nothing to frame (street-wide users, failures: the map then keeps the street view).
 */
export function useScopeBounds(roots: readonly GridSummary[], enabled: boolean): L.LatLngBounds | null {
  const { data } = useQuery({
    queryKey: ['grids', 'scope-bounds', roots.map((r) => r.id)],
    queryFn: () => scopeBounds(roots),
    enabled: enabled && roots.length > 0 && roots.length <= MAX_ROOTS,
    staleTime: Infinity,
    // Leaflet bounds are a class instance, not JSON: keep the object as it is.
    structuralSharing: false,
  })
  return data ?? null
}

/**
 * The API serves shapes by level and parent, not by id: find each root's parent, fetch each (level, parent)
 * group once, and keep the roots' own features.
 */
async function scopeBounds(roots: readonly GridSummary[]): Promise<L.LatLngBounds | null> {
  // Through the cache: the grid panel and the map's layers ask for the same details and layers.
  const parents = await Promise.all(
    roots.map(async (root) =>
      root.level === 1 ? undefined : ((await queryClient.fetchQuery(gridDetailQuery(root.id))).parentId ?? undefined),
    ),
  )
  const groups = new Map<string, { level: GridLevel; parent: number | undefined }>()
  roots.forEach((root, i) => groups.set(`${root.level}:${parents[i] ?? ''}`, { level: root.level, parent: parents[i] }))

  const collections = await Promise.all(
    [...groups.values()].map((group) => queryClient.fetchQuery(gridLayerQuery({ ...group, zoom: BOUNDS_ZOOM }))),
  )
  const ids = new Set(roots.map((root) => root.id))
  const features = collections
    .flatMap((collection) => collection.features)
    .filter((feature) => ids.has(feature.properties.id))
  if (features.length === 0) return null
  return L.geoJSON(features).getBounds()
}

import type { GridLevel } from '@wangge/grid'
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import type { GridCollection, GridDetail } from './types.ts'

/** [minLng, minLat, maxLng, maxLat] in WGS-84. */
export type BBox = readonly [number, number, number, number]

export function fetchGridsInView(
  view: { level: GridLevel; bbox: BBox; zoom: number },
  signal: AbortSignal,
): Promise<GridCollection> {
  return apiFetch<GridCollection>('/grids', {
    query: { level: view.level, bbox: view.bbox.join(','), zoom: view.zoom },
    signal,
  })
}

/** One level's grids, optionally only the children of `parent`, without a viewport (a handful of shapes). */
export function fetchGridLayer(
  layer: { level: GridLevel; parent?: number | undefined; zoom: number },
  signal: AbortSignal,
): Promise<GridCollection> {
  return apiFetch<GridCollection>('/grids', {
    query: { level: layer.level, parent: layer.parent, zoom: layer.zoom },
    signal,
  })
}

/** One level's grids (optionally one parent's children) for a zoom: the boundaries change only on an import. */
export const gridLayerQuery = (layer: { level: GridLevel; parent?: number | undefined; zoom: number }) =>
  queryOptions({
    queryKey: ['grids', 'layer', layer],
    queryFn: ({ signal }) => fetchGridLayer(layer, signal),
    staleTime: 10 * 60_000,
  })

export const gridDetailQuery = (id: number) =>
  queryOptions({
    queryKey: ['grids', 'detail', id],
    queryFn: ({ signal }) => apiFetch<GridDetail>(`/grids/${id}`, { signal }),
  })

import type { GridLevel } from '@wangge/grid'
import { queryOptions } from '@tanstack/react-query'
import { ApiError } from './api-error.ts'
import { apiFetch } from './client.ts'
import { reportUnauthorized } from './unauthorized.ts'
import type { GridCollection, GridDetail } from './types.ts'

/**
 * One vector tile of the grid layer (GET /api/grids/tiles/{z}/{x}/{y}.mvt) as bytes. The browser revalidates it
 * by its ETag (the grid tree version), so a tile seen before costs a 304 until the next import.
 */
export async function fetchGridTile(
  tile: { z: number; x: number; y: number },
  signal: AbortSignal,
): Promise<ArrayBuffer> {
  let response: Response
  try {
    response = await fetch(`/api/grids/tiles/${tile.z}/${tile.x}/${tile.y}.mvt`, { credentials: 'same-origin', signal })
  } catch (error) {
    if (signal.aborted) throw error
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error')
  }
  if (!response.ok) {
    if (response.status === 401) reportUnauthorized()
    throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText || 'Request failed')
  }
  return response.arrayBuffer()
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

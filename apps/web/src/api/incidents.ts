import type {
  ActionBody,
  IncidentClusters,
  IncidentGridLoads,
  IncidentDetail,
  IncidentPointCollection,
  WorkerPosition,
  WorkerPositions,
} from '@wangge/contract'
import type { IncidentAction } from '@wangge/workflow'
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import type { GridIndicators, IncidentFilters, IncidentPoint } from './incident-types.ts'

/**
 * The most points one load brings (the API's maximum). A load that comes back this full was cut short: there are
 * more cases than a map can carry as points, and the map shows server clusters instead (map-scale.ts).
 */
export const POINTS_LIMIT = 5000

/** A map view's west, south, east, north in WGS-84 degrees. */
export type ViewBox = readonly [number, number, number, number]

/** The map's filters as the incident routes take them; repeated `status` keys are how the API takes a list. */
function filterParams(filters: IncidentFilters, bbox: ViewBox | null): URLSearchParams {
  const params = new URLSearchParams()
  for (const status of filters.status) params.append('status', status)
  if (filters.category) params.set('category', filters.category)
  if (filters.grid !== null) params.set('grid', String(filters.grid))
  if (filters.from) params.set('from', filters.from)
  if (bbox) params.set('bbox', bbox.map((d) => d.toFixed(6)).join(','))
  return params
}

/** GET /api/incidents/geojson with the map's filters (and a view's box), as points the live map can merge events into. */
export async function fetchIncidentPoints(
  filters: IncidentFilters,
  signal: AbortSignal,
  bbox: ViewBox | null = null,
): Promise<IncidentPoint[]> {
  const params = filterParams(filters, bbox)
  params.set('limit', String(POINTS_LIMIT))
  const collection = await apiFetch<IncidentPointCollection>(`/incidents/geojson?${params.toString()}`, { signal })
  return collection.features.map(({ geometry, properties: { gridL1, gridL2, gridL3, overdue: _overdue, ...p } }) => ({
    ...p,
    lng: geometry.coordinates[0],
    lat: geometry.coordinates[1],
    grids: [gridL1, gridL2, gridL3],
  }))
}

/** GET /api/incidents/clusters: the cases of a view counted per cell of its zoom, for views with more than points. */
export function fetchIncidentClusters(
  filters: IncidentFilters,
  view: { zoom: number; bbox: ViewBox },
  signal: AbortSignal,
): Promise<IncidentClusters> {
  const params = filterParams(filters, view.bbox)
  params.set('zoom', String(view.zoom))
  return apiFetch<IncidentClusters>(`/incidents/clusters?${params.toString()}`, { signal })
}

/** GET /api/incidents/grid-loads: the open cases of a view per grid of one level, to tint a city's grids. */
export function fetchIncidentGridLoads(
  filters: IncidentFilters,
  view: { bbox: ViewBox },
  level: number,
  signal: AbortSignal,
): Promise<IncidentGridLoads> {
  const params = filterParams(filters, view.bbox)
  params.set('level', String(level))
  return apiFetch<IncidentGridLoads>(`/incidents/grid-loads?${params.toString()}`, { signal })
}

/** GET /api/incidents/{id}; live events and the viewer's own steps invalidate it. */
export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: ['incidents', 'detail', id],
    queryFn: ({ signal }) => apiFetch<IncidentDetail>(`/incidents/${id}`, { signal }),
  })

/** The body each office step takes (the contract's ActionBody, with the fields that step requires made required). */
export interface ActionInputs {
  register: Pick<ActionBody, 'note'>
  reject: Required<Pick<ActionBody, 'reason'>>
  dispatch: Pick<ActionBody, 'userId' | 'departmentId' | 'note'>
  extend: Required<Pick<ActionBody, 'dueAt' | 'reason'>>
  verify: Required<Pick<ActionBody, 'passed'>> & Pick<ActionBody, 'note'>
}

/** POST /api/incidents/{id}/{action}: one workflow step; the reply is the incident as the caller may now read it (none: 204). */
export function takeIncidentAction<A extends keyof ActionInputs & IncidentAction>(
  id: string,
  action: A,
  input: ActionInputs[A],
): Promise<IncidentDetail | undefined> {
  return apiFetch<IncidentDetail | undefined>(`/incidents/${id}/${action}`, { method: 'POST', body: input })
}

/**
 * On-duty workers' last positions in the viewer's scope; nearest first from `near`, in `grid` when given. Every
 * positions query sits under ['workers', 'positions'], so a reconnect refreshes them all.
 */
export const workerPositionsQuery = (options: { near?: { lng: number; lat: number }; grid?: number }) =>
  queryOptions({
    queryKey: ['workers', 'positions', options],
    queryFn: ({ signal }) => fetchWorkerPositions(options, signal),
  })

export async function fetchWorkerPositions(
  options: { near?: { lng: number; lat: number }; grid?: number },
  signal: AbortSignal,
): Promise<WorkerPosition[]> {
  const query = {
    near: options.near ? `${options.near.lng},${options.near.lat}` : undefined,
    grid: options.grid,
    limit: options.near ? 10 : 2000,
  }
  return (await apiFetch<WorkerPositions>('/workers/positions', { query, signal })).items
}

/** GET /api/stats/grids for level-1 grids (communities) over [from, to). */
export function fetchCommunityIndicators(from: string, to: string, signal: AbortSignal): Promise<GridIndicators[]> {
  return apiFetch<GridIndicators[]>('/stats/grids', { query: { level: 1, from, to }, signal })
}

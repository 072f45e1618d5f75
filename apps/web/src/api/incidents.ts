import type { IncidentAction } from '@wangge/workflow'
import { apiFetch } from './client.ts'
import type { CategoryGroup, GridIndicators, IncidentDetail, IncidentFilters, IncidentPoint, WorkerPosition } from './incident-types.ts'

interface PointFeature {
  geometry: { coordinates: [number, number] }
  properties: Omit<IncidentPoint, 'lng' | 'lat' | 'grids'> & { gridL1: number; gridL2: number; gridL3: number }
}

/** GET /api/incidents/geojson with the map's filters, as points the live map can merge events into. */
export async function fetchIncidentPoints(filters: IncidentFilters, signal: AbortSignal): Promise<IncidentPoint[]> {
  const params = new URLSearchParams({ limit: '5000' })
  for (const status of filters.status) params.append('status', status)
  if (filters.category) params.set('category', filters.category)
  if (filters.grid !== null) params.set('grid', String(filters.grid))
  if (filters.from) params.set('from', filters.from)
  // Repeated `status` keys are how the API takes a list; apiFetch's query object holds one value per key.
  const collection = await apiFetch<{ features: PointFeature[] }>(`/incidents/geojson?${params.toString()}`, { signal })
  return collection.features.map(({ geometry, properties: { gridL1, gridL2, gridL3, ...p } }) => ({
    ...p,
    lng: geometry.coordinates[0],
    lat: geometry.coordinates[1],
    grids: [gridL1, gridL2, gridL3],
  }))
}

export function fetchIncident(id: string, signal: AbortSignal): Promise<IncidentDetail> {
  return apiFetch<IncidentDetail>(`/incidents/${id}`, { signal })
}

export interface ActionInputs {
  register: { note?: string }
  reject: { reason: string }
  dispatch: { userId?: number; departmentId?: number; note?: string }
  extend: { dueAt: string; reason: string }
  verify: { passed: boolean; note?: string }
}

/** POST /api/incidents/{id}/{action}: one workflow step; the reply is the incident as the caller may now read it (none: 204). */
export function takeIncidentAction<A extends keyof ActionInputs & IncidentAction>(id: string, action: A, input: ActionInputs[A]): Promise<IncidentDetail | undefined> {
  return apiFetch<IncidentDetail | undefined>(`/incidents/${id}/${action}`, { method: 'POST', body: input })
}

export function fetchCategories(signal: AbortSignal): Promise<CategoryGroup[]> {
  return apiFetch<CategoryGroup[]>('/categories', { signal })
}

/** On-duty workers' last positions in the viewer's scope; nearest first from `near`, in `grid` when given. */
export async function fetchWorkerPositions(options: { near?: { lng: number; lat: number }; grid?: number }, signal?: AbortSignal): Promise<WorkerPosition[]> {
  const query = { near: options.near ? `${options.near.lng},${options.near.lat}` : undefined, grid: options.grid, limit: options.near ? 10 : 2000 }
  return (await apiFetch<{ items: WorkerPosition[] }>('/workers/positions', { query, ...(signal ? { signal } : {}) })).items
}

/** GET /api/stats/grids for level-1 grids (communities) over [from, to). */
export function fetchCommunityIndicators(from: string, to: string, signal: AbortSignal): Promise<GridIndicators[]> {
  return apiFetch<GridIndicators[]>('/stats/grids', { query: { level: 1, from, to }, signal })
}

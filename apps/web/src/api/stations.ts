import type { ComplianceReport, Page, StationDetail, StationSummary } from '@wangge/contract'
import { queryOptions } from '@tanstack/react-query'
import { ApiError } from './api-error.ts'
import { apiFetch } from './client.ts'
import { reportUnauthorized } from './unauthorized.ts'

export type { StationAudit, StationDetail } from '@wangge/contract'

/** One station in GET /api/stations (contact phone masked). */
export type Station = StationSummary

/** One grid's row of GET /api/stations/compliance. */
export type GridCompliance = ComplianceReport['items'][number]

// Every station query sits under ['stations'], so an audit just filed refreshes the list, the station and the roll-up.

/** Every station the user may see: a street has well under 500, which is the API's page limit. */
export const stationsQuery = queryOptions({
  queryKey: ['stations', 'list'],
  queryFn: async ({ signal }) => (await apiFetch<Page<Station>>('/stations', { query: { limit: 500 }, signal })).items,
})

export const stationQuery = (id: number) =>
  queryOptions({
    queryKey: ['stations', 'detail', id],
    queryFn: ({ signal }) => apiFetch<StationDetail>(`/stations/${id}`, { signal }),
  })

export const complianceQuery = (level: 1 | 2) =>
  queryOptions({
    queryKey: ['stations', 'compliance', level],
    queryFn: async ({ signal }): Promise<GridCompliance[]> =>
      (await apiFetch<ComplianceReport>('/stations/compliance', { query: { level }, signal })).items,
  })

export function stationPhotoUrl(sha256: string, variant: 'full' | 'thumb'): string {
  return `/api/stations/photos/${sha256}?variant=${variant}`
}

export function exportUrl(
  format: 'xlsx' | 'csv',
  options: { table?: 'stations' | 'audits'; station?: number } = {},
): string {
  const params = new URLSearchParams({ format })
  if (options.table) params.set('table', options.table)
  if (options.station !== undefined) params.set('station', String(options.station))
  return `/api/stations/export?${params.toString()}`
}

/**
 * Sends an audit as multipart (fields, the six items as JSON, photos as `photos.<item>`). apiFetch speaks JSON only;
 * this keeps its error contract: the server's error shape becomes an ApiError, and a 401 ends the session.
 */
export async function submitAudit(stationId: number, form: FormData): Promise<StationDetail> {
  let response: Response
  try {
    response = await fetch(`/api/stations/${stationId}/audits`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    })
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error')
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    if (response.status === 401) reportUnauthorized()
    const e = (body ?? {}) as { statusCode?: number; code?: string; message?: string; details?: unknown }
    throw new ApiError(
      e.statusCode ?? response.status,
      e.code ?? `HTTP_${response.status}`,
      e.message ?? response.statusText,
      e.details,
    )
  }
  return body as StationDetail
}

import type { ComplianceStatus, SixHaveCode, StationType } from '@wangge/stations'
import { ApiError } from './api-error.ts'
import { apiFetch } from './client.ts'
import { reportUnauthorized } from './unauthorized.ts'

/** One station in GET /api/stations (contact phone masked). */
export interface Station {
  id: number
  name: string
  type: StationType
  grid: { id: number; code: string; level: number; name: string }
  gridIds: { l1: number; l2: number | null }
  location: { lng: number; lat: number }
  address: string
  contactName: string
  contactPhone: string
  openingHours: string
  active: boolean
  compliance: { status: ComplianceStatus; compliant: boolean; score: number | null; lastAuditAt: string | null; dueAt: string | null; due: boolean }
  latestAuditId: string | null
  latestItems: { code: SixHaveCode; passed: boolean; deduction: number }[] | null
  openRectifications: number
  overdueRectifications: number
}

export interface StationAudit {
  id: string
  stationId: number
  at: string
  auditor: { id: number; name: string }
  location: { lng: number; lat: number }
  accuracyM: number | null
  distanceM: number
  offSite: boolean
  score: number
  passedAll: boolean
  note: string | null
  items: { code: SixHaveCode; passed: boolean; deduction: number; note: string | null; photos: string[] }[]
}

export interface Rectification {
  id: string
  item: SixHaveCode
  dueOn: string
  openedByAuditId: string
  closedByAuditId: string | null
  closedAt: string | null
  overdue: boolean
}

export interface StationDetail extends Station {
  audits: StationAudit[]
  rectifications: Rectification[]
}

export interface GridCompliance {
  grid: { id: number; code: string; name: string }
  stations: number
  compliant: number
  share: number | null
  itemFailures: Record<SixHaveCode, number>
  overdueAudits: number
}

/** Every station the user may see: a street has well under 500, which is the API's page limit. */
export async function fetchStations(signal: AbortSignal): Promise<Station[]> {
  const page = await apiFetch<{ items: Station[] }>('/stations', { query: { limit: 500 }, signal })
  return page.items
}

export function fetchStation(id: number, signal: AbortSignal): Promise<StationDetail> {
  return apiFetch<StationDetail>(`/stations/${id}`, { signal })
}

export async function fetchCompliance(level: 1 | 2, signal: AbortSignal): Promise<GridCompliance[]> {
  return (await apiFetch<{ items: GridCompliance[] }>('/stations/compliance', { query: { level }, signal })).items
}

export function stationPhotoUrl(sha256: string, variant: 'full' | 'thumb'): string {
  return `/api/stations/photos/${sha256}?variant=${variant}`
}

export function exportUrl(format: 'xlsx' | 'csv', options: { table?: 'stations' | 'audits'; station?: number } = {}): string {
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
    response = await fetch(`/api/stations/${stationId}/audits`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: 'application/json' } })
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error')
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    if (response.status === 401) reportUnauthorized()
    const e = (body ?? {}) as { statusCode?: number; code?: string; message?: string; details?: unknown }
    throw new ApiError(e.statusCode ?? response.status, e.code ?? `HTTP_${response.status}`, e.message ?? response.statusText, e.details)
  }
  return body as StationDetail
}

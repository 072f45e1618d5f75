import type {
  CategoryGroup,
  GridChain,
  GridChainLink,
  IncidentDetail,
  IncidentSummary,
  Page,
  ReportFields,
} from '@wangge/contract'
import type { IncidentAction } from '@wangge/workflow'
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import { queryClient } from './query-client.ts'

export type { CategoryGroup, GridChainLink, IncidentDetail, IncidentSummary, SubCategory } from '@wangge/contract'

/** What a worker files; `clientId` is the idempotency key the outbox keeps until the server has the report. */
export type IncidentReportInput = Pick<ReportFields, 'clientId' | 'categoryCode' | 'description' | 'lng' | 'lat'> & {
  accuracy: number | null
  selfHandled: boolean
  photos: Blob[]
}

/** The steps a worker takes on a task dispatched to them. */
export type WorkerAction = Extract<IncidentAction, 'accept' | 'return' | 'feedback'>

export interface WorkerActionInput {
  incidentId: string
  action: WorkerAction
  /** accept: optional note; return: the reason (required); feedback: what was done (required). */
  text: string
  /** After-photos, feedback only. */
  photos: Blob[]
}

/** GET /api/categories: the two-level list, changed only by a migration, so an hour is fresh enough. */
export const categoriesQuery = queryOptions({
  queryKey: ['categories'],
  queryFn: ({ signal }) => apiFetch<CategoryGroup[]>('/categories', { signal }),
  staleTime: 60 * 60_000,
})

/**
 * The category list through the app's one cache: the worker layout's prefetch, the report form and the live map's
 * filters share one request. (The report form keeps its own copy on the phone as well, for reports made offline.)
 * A caller's signal is not passed on: the request is shared, and one caller leaving must not cancel it for others.
 */
export function fetchCategories(_signal?: AbortSignal): Promise<CategoryGroup[]> {
  return queryClient.fetchQuery(categoriesQuery)
}

/** The grid chain [community, area, unit grid] at a point; 422 OUTSIDE_MANAGED_AREA outside the street. */
export async function locateGrid(point: { lng: number; lat: number }, signal?: AbortSignal): Promise<GridChainLink[]> {
  const { chain } = await apiFetch<GridChain>('/grids/locate', { query: point, signal })
  return chain
}

/** POST /api/incidents: 201 for a new case, 200 with the first one when this clientId was already filed. */
export function submitIncidentReport(report: IncidentReportInput, signal?: AbortSignal): Promise<IncidentDetail> {
  const form = new FormData()
  form.set('clientId', report.clientId)
  form.set('categoryCode', report.categoryCode)
  form.set('description', report.description)
  form.set('lng', String(report.lng))
  form.set('lat', String(report.lat))
  if (report.accuracy !== null) form.set('accuracy', String(Math.round(report.accuracy)))
  form.set('selfHandled', String(report.selfHandled))
  report.photos.forEach((photo, i) => form.append('photos', photo, `photo-${i + 1}.jpg`))
  return apiFetch<IncidentDetail>('/incidents', { method: 'POST', body: form, signal })
}

/**
 * One workflow step on a task; feedback goes as multipart so it can carry after-photos. The reply is the case as
 * the worker may now read it, or nothing (204) when the step took it out of their scope (returning a case of
 * another grid).
 */
export function submitWorkerAction(
  input: WorkerActionInput,
  signal?: AbortSignal,
): Promise<IncidentDetail | undefined> {
  const path = `/incidents/${input.incidentId}/${input.action}`
  const text = input.text.trim()
  switch (input.action) {
    case 'accept':
      return apiFetch<IncidentDetail>(path, { method: 'POST', body: text ? { note: text } : {}, signal })
    case 'return':
      return apiFetch<IncidentDetail>(path, { method: 'POST', body: { reason: text }, signal })
    case 'feedback': {
      const form = new FormData()
      form.set('note', text)
      input.photos.forEach((photo, i) => form.append('photos', photo, `after-${i + 1}.jpg`))
      return apiFetch<IncidentDetail>(path, { method: 'POST', body: form, signal })
    }
  }
}

export function fetchIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return apiFetch<IncidentDetail>(`/incidents/${id}`, { signal })
}

/** The open tasks dispatched to this worker (dispatched, or accepted and in progress), newest first. */
export function fetchMyTasks(userId: number, signal?: AbortSignal): Promise<Page<IncidentSummary>> {
  return apiFetch<Page<IncidentSummary>>('/incidents', {
    query: { assignee: userId, status: ['dispatched', 'in_progress'], limit: 100 },
    signal,
  })
}

/** A stored photo by its content hash; the thumbnail is enough for a phone's list. */
export function photoUrl(sha256: string): string {
  return `/api/photos/${sha256}?variant=thumb`
}

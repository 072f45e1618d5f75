import { apiFetch } from './client.ts'
import type { Page } from './account-types.ts'

/** A sub-category of GET /api/categories. */
export interface SubCategory {
  id: number
  code: string
  name: string
  nameEn: string
}

/** A first-level category (事件/部件 group) with its sub-categories. */
export interface CategoryGroup {
  id: number
  code: string
  kind: 'event' | 'component'
  name: string
  nameEn: string
  children: SubCategory[]
}

export interface GridChainLink {
  id: number
  code: string
  level: number
  name: string
}

/** Reply of POST /api/incidents and the workflow steps (the parts the worker's pages read). */
export interface IncidentDetail {
  id: string
  caseNumber: string
  clientId: string
  status: string
  category: { id: number; code: string; name: string; nameEn: string }
  description: string
  location: { lng: number; lat: number }
  accuracyM: number | null
  address: string | null
  grids: GridChainLink[]
  reporter: { id: number; name: string }
  selfHandled: boolean
  dispatchedAt: string | null
  dueAt: string | null
  reworkCount: number
  createdAt: string
  photos: { sha256: string; kind: string }[]
  actions: string[]
  history: { id: string; at: string; actor: { id: number; name: string }; action: string; from: string | null; to: string; note: string | null }[]
}

/** A row of GET /api/incidents. */
export interface IncidentSummary {
  id: string
  caseNumber: string
  status: string
  description: string
  reworkCount: number
  category: { code: string; name: string; nameEn: string }
  location: { lng: number; lat: number }
  grid: { id: number; code: string; name: string }
  dueAt: string | null
  createdAt: string | null
  overdue: boolean
}

/** What a worker files; `clientId` is the idempotency key the outbox keeps until the server has the report. */
export interface IncidentReportInput {
  clientId: string
  categoryCode: string
  description: string
  lng: number
  lat: number
  accuracy: number | null
  selfHandled: boolean
  photos: Blob[]
}

/** The steps a worker takes on a task dispatched to them. */
export type WorkerAction = 'accept' | 'return' | 'feedback'

export interface WorkerActionInput {
  incidentId: string
  action: WorkerAction
  /** accept: optional note; return: the reason (required); feedback: what was done (required). */
  text: string
  /** After-photos, feedback only. */
  photos: Blob[]
}

export function fetchCategories(signal?: AbortSignal): Promise<CategoryGroup[]> {
  return apiFetch<CategoryGroup[]>('/categories', { signal })
}

/** The grid chain [community, area, unit grid] at a point; 422 OUTSIDE_MANAGED_AREA outside the street. */
export async function locateGrid(point: { lng: number; lat: number }, signal?: AbortSignal): Promise<GridChainLink[]> {
  const { chain } = await apiFetch<{ chain: GridChainLink[] }>('/grids/locate', { query: point, signal })
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
export function submitWorkerAction(input: WorkerActionInput, signal?: AbortSignal): Promise<IncidentDetail | undefined> {
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

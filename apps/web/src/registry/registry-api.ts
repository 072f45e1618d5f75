import { useQuery } from '@tanstack/react-query'
import type {
  BuildingRow,
  GridRegistry,
  HouseDetail,
  OrganisationRow,
  RegistryIndicators,
  ResidentRow,
  RevealedResident,
  VisitRow,
} from '@wangge/contract'
import { apiFetch } from '../api/client.ts'

/** A visit as the phone queues it: the form's fields and its photos (already downscaled), sent later by the outbox. */
export interface VisitInput {
  houseId: number
  houseAddress: string
  visitedAt: string
  notes: string
  problem: string | null
  categoryCode: string | null
  lng: number | null
  lat: number | null
  accuracy: number | null
  photos: Blob[]
}

export function submitVisit(visit: VisitInput, clientId: string, signal?: AbortSignal): Promise<VisitRow> {
  const form = new FormData()
  form.set('clientId', clientId)
  form.set('houseId', String(visit.houseId))
  form.set('visitedAt', visit.visitedAt)
  form.set('notes', visit.notes)
  if (visit.problem && visit.categoryCode) {
    form.set('problem', visit.problem)
    form.set('categoryCode', visit.categoryCode)
  }
  if (visit.lng !== null && visit.lat !== null) {
    form.set('lng', String(visit.lng))
    form.set('lat', String(visit.lat))
  }
  if (visit.accuracy !== null) form.set('accuracy', String(Math.round(visit.accuracy)))
  visit.photos.forEach((photo, i) => form.append('photos', photo, `visit-${i + 1}.jpg`))
  return apiFetch<VisitRow>('/registry/visits', { method: 'POST', body: form, signal })
}

export function useGridRegistry(gridId: number | null) {
  return useQuery({
    queryKey: ['registry', 'grid', gridId],
    queryFn: ({ signal }) => apiFetch<GridRegistry>(`/registry/grids/${gridId}`, { signal }),
    enabled: gridId !== null,
  })
}

export function useHouse(houseId: number | null) {
  return useQuery({
    queryKey: ['registry', 'house', houseId],
    queryFn: ({ signal }) => apiFetch<HouseDetail>(`/registry/houses/${houseId}`, { signal }),
    enabled: houseId !== null,
  })
}

export function useResidentSearch(q: string, tag: string) {
  return useQuery({
    queryKey: ['registry', 'search', q, tag],
    queryFn: ({ signal }) =>
      apiFetch<{ items: ResidentRow[]; nextCursor: string | null }>('/registry/residents', {
        query: { q: q || undefined, tag: tag || undefined, limit: 50 },
        signal,
      }),
    enabled: q !== '' || tag !== '',
  })
}

export function useRegistryIndicators(enabled: boolean) {
  return useQuery({
    queryKey: ['registry', 'indicators'],
    queryFn: ({ signal }) => apiFetch<RegistryIndicators>('/registry/indicators', { signal }),
    enabled,
  })
}

export function useRegistryLayers(bbox: string | null) {
  return useQuery({
    queryKey: ['registry', 'layers', bbox],
    queryFn: async ({ signal }) => {
      const [buildings, organisations] = await Promise.all([
        apiFetch<{ items: BuildingRow[] }>('/registry/buildings', { query: { bbox }, signal }),
        apiFetch<{ items: OrganisationRow[] }>('/registry/organisations', { query: { bbox }, signal }),
      ])
      return { buildings: buildings.items, organisations: organisations.items }
    },
    enabled: bbox !== null,
  })
}

export function revealResident(id: number, reason: string): Promise<RevealedResident> {
  return apiFetch<RevealedResident>(`/registry/residents/${id}/reveal`, { method: 'POST', body: { reason } })
}

/** Where a register's download lives (the browser saves it; the session cookie goes along). */
export const templateUrl = (register: string) => `/api/registry/templates/${register}`
export const exportUrl = (register: string, reason: string) =>
  `/api/registry/export/${register}?reason=${encodeURIComponent(reason)}`

export function importRegister(register: string, file: File) {
  const form = new FormData()
  form.set('file', file)
  return apiFetch<{
    taken: number
    updated: number
    unchanged: number
    refused: number
    rows: { row: number; outcome: string; column: string | null; reason: string | null }[]
  }>(`/registry/import/${register}`, { method: 'POST', body: form })
}

import { queryOptions } from '@tanstack/react-query'
import type { Open311Key, Open311KeyCreate, Open311KeyCreated } from '@wangge/contract'
import { apiFetch } from '../api/client.ts'

export const open311KeysQuery = queryOptions({
  queryKey: ['open311-keys'],
  queryFn: ({ signal }) => apiFetch<Open311Key[]>('/open311/keys', { signal }),
})

export function createOpen311Key(body: Open311KeyCreate): Promise<Open311KeyCreated> {
  return apiFetch<Open311KeyCreated>('/open311/keys', { method: 'POST', body })
}

export function revokeOpen311Key(id: number): Promise<Open311Key> {
  return apiFetch<Open311Key>(`/open311/keys/${id}/revoke`, { method: 'POST' })
}

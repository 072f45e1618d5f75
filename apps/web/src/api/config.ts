import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import type { AppConfig } from './types.ts'

/** GET /api/config: fixed while the server runs, so read once. */
export const appConfigQuery = queryOptions({
  queryKey: ['config'],
  queryFn: ({ signal }) => apiFetch<AppConfig>('/config', { signal }),
  staleTime: Infinity,
})

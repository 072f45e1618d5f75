import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import type { Department } from './account-types.ts'

/** GET /api/departments: changed by an admin now and then, so kept for ten minutes. */
export const departmentsQuery = queryOptions({
  queryKey: ['departments'],
  queryFn: ({ signal }) => apiFetch<Department[]>('/departments', { signal }),
  staleTime: 10 * 60_000,
})

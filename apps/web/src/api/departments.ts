import { apiFetch } from './client.ts'
import type { Department } from './account-types.ts'

export function fetchDepartments(signal: AbortSignal): Promise<Department[]> {
  return apiFetch<Department[]>('/departments', { signal })
}

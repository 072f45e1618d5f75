import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from './client.ts'
import type { Me, Scope } from './account-types.ts'

export function login(credentials: { phone: string; password: string }, signal?: AbortSignal): Promise<Me> {
  return apiFetch<Me>('/auth/login', { method: 'POST', body: credentials, signal })
}

export function logout(): Promise<void> {
  return apiFetch<void>('/auth/logout', { method: 'POST' })
}

export function fetchMe(signal: AbortSignal): Promise<Me> {
  return apiFetch<Me>('/auth/me', { signal })
}

/** GET /api/auth/scope, keyed by user so a new sign-in never sees the last one's scope. */
export const scopeQuery = (userId: number) =>
  queryOptions({
    queryKey: ['auth', 'scope', userId],
    queryFn: ({ signal }) => apiFetch<Scope>('/auth/scope', { signal }),
  })

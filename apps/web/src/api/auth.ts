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

export function fetchScope(signal: AbortSignal): Promise<Scope> {
  return apiFetch<Scope>('/auth/scope', { signal })
}

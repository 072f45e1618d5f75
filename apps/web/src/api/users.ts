import type { NewUserBody, Page, User, UserChangesBody, UserListQuery } from '@wangge/contract'
import { apiFetch } from './client.ts'

/** The users list's filters (the list query less its paging). */
export type UserFilters = Pick<UserListQuery, 'role' | 'grid' | 'q'>
export type NewUser = NewUserBody
export type UserChanges = UserChangesBody

export function fetchUsers(filters: UserFilters, cursor: string | null, signal: AbortSignal): Promise<Page<User>> {
  return apiFetch<Page<User>>('/users', { query: { ...filters, q: filters.q || undefined, cursor, limit: 50 }, signal })
}

export function createUser(user: NewUser): Promise<User> {
  return apiFetch<User>('/users', { method: 'POST', body: user })
}

export function updateUser(id: number, changes: UserChanges): Promise<User> {
  return apiFetch<User>(`/users/${id}`, { method: 'PATCH', body: changes })
}

export function resetPassword(id: number, password: string): Promise<void> {
  return apiFetch<void>(`/users/${id}/reset-password`, { method: 'POST', body: { password } })
}

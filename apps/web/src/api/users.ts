import { apiFetch } from './client.ts'
import type { Page, Role, User } from './account-types.ts'

export interface UserFilters {
  role?: Role | undefined
  grid?: number | undefined
  q?: string | undefined
}

export interface NewUser {
  name: string
  phone: string
  password: string
  role: Role
  gridIds: number[]
  departmentId: number | null
}

export type UserChanges = Partial<Pick<NewUser, 'name' | 'role' | 'gridIds' | 'departmentId'>> & { active?: boolean }

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

import type { Role } from '@wangge/accounts'
import type { GridSummary } from './types.ts'

export type { Role }

export interface DepartmentRef {
  id: number
  code: string
  name: string
}

/** Reply of GET /api/departments: a department with its English name for the English interface. */
export interface Department extends DepartmentRef {
  nameEn: string
}

/** Reply of GET /api/auth/me and POST /api/auth/login. `grids` are the scope roots (empty: whole street). */
export interface Me {
  id: number
  name: string
  phone: string
  role: Role
  department: DepartmentRef | null
  grids: GridSummary[]
}

/** Reply of GET /api/auth/scope: every grid id, of any level, inside the user's scope. */
export interface Scope {
  streetWide: boolean
  gridIds: number[]
}

/** A user as the users API shows them; `phone` is masked (138****1234) unless an admin is looking. */
export interface User {
  id: number
  name: string
  phone: string
  role: Role
  department: DepartmentRef | null
  grids: GridSummary[]
  active: boolean
  createdAt: string
}

/** One keyset page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface AuditEntry {
  /** A bigserial, sent as a string so it never loses precision in JSON. */
  id: string
  at: string
  actor: { id: number; name: string } | null
  action: string
  entity: string
  entityId: string | null
  before: unknown
  after: unknown
  address: string | null
}

import type { ScopeGrids } from '@wangge/contract'

export type { AuditEntry, Department, DepartmentRef, Me, Page, User } from '@wangge/contract'

/** Reply of GET /api/auth/scope: every grid id, of any level, inside the user's scope. */
export type Scope = ScopeGrids

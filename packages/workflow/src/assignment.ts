import type { Role } from '@wangge/accounts'

/** Who works an incident once it is dispatched: a user, a department, or both (nulls before dispatch). */
export interface Assignment {
  readonly userId: number | null
  readonly departmentId: number | null
}

export const NO_ASSIGNMENT: Assignment = { userId: null, departmentId: null }

/** The person asking to act. Which grids they may touch is the API's scope check, not the workflow's. */
export interface Actor {
  readonly role: Role
  readonly userId: number
  readonly departmentId: number | null
}

export function hasAssignment(assignment: Assignment): boolean {
  return assignment.userId !== null || assignment.departmentId !== null
}

/**
 * A worker works what was dispatched to them by name; a handler works what was dispatched to their department.
 * Nulls never match each other: a handler without a department is nobody's assignee.
 */
export function isAssignee(actor: Actor, assignment: Assignment): boolean {
  switch (actor.role) {
    case 'worker':
      return assignment.userId !== null && assignment.userId === actor.userId
    case 'handler':
      return assignment.departmentId !== null && assignment.departmentId === actor.departmentId
    case 'supervisor':
    case 'manager':
    case 'admin':
      return false
  }
}

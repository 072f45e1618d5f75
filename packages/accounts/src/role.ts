/** Who uses Wangge (DESIGN.md, "Who uses it"). */
export const ROLES = ['worker', 'supervisor', 'handler', 'manager', 'admin'] as const
export type Role = (typeof ROLES)[number]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Roles whose scope is the whole street rather than a set of grids. */
export function hasStreetWideScope(role: Role): boolean {
  return role === 'manager' || role === 'admin'
}

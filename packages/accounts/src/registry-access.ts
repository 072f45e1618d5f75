import type { Role } from './role.ts'

/**
 * Who reads the registry (一标三实): workers their own unit grids, supervisors their scope, managers and admins
 * the street. Department handlers work cases, not people, and read none of it.
 */
export const REGISTRY_READERS = ['worker', 'supervisor', 'manager', 'admin'] as const satisfies readonly Role[]
/** Who may import registers and export them (with a reason): the desks that keep the registry, not the phone. */
export const REGISTRY_KEEPERS = ['supervisor', 'manager', 'admin'] as const satisfies readonly Role[]

/**
 * The roles granted 重点人员 (people under the community's special care or supervision): the command desk and the
 * street's managers. Everyone else reads such a resident as any other, without the tag or its category, and
 * cannot search by it.
 */
export function canSeeFocusPeople(role: Role): boolean {
  return role === 'supervisor' || role === 'manager'
}

import type { Role } from '@wangge/accounts'

/** Where a notice about a case leads, by the reader's role: their own page of that case. */
export function caseLinkFor(role: Role, incidentId: string | null): string | null {
  if (!incidentId) return null
  switch (role) {
    case 'worker':
      return `/m/tasks/${incidentId}`
    case 'handler':
      return `/department/cases/${incidentId}`
    case 'supervisor':
    case 'manager':
    case 'admin':
      return `/incidents/${incidentId}`
  }
}

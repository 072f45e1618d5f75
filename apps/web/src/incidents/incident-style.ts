import type { IncidentState } from '@wangge/workflow'

/** One colour per state, shared by markers, the legend and the drawer's badge. */
export const STATE_COLOURS: Record<IncidentState, string> = {
  reported: '#2563eb',
  registered: '#7c3aed',
  dispatched: '#d97706',
  in_progress: '#ea580c',
  handled: '#0d9488',
  closed: '#6b7280',
  rejected: '#9ca3af',
}

import type { Page } from '../../api/account-types.ts'
import { apiFetch } from '../../api/client.ts'
import type { IncidentSummary } from '../../api/incident-reports.ts'

/** One page of 我的上报 is a phone screen or two. */
export const MY_REPORTS_PAGE = 20

/**
 * The cache key of the signed-in worker's own reports: under `incidents` like every incident list (query-client.ts),
 * with the user in it so a shared phone never shows the previous worker's list.
 */
export const myReportsKey = (userId: number) => ['incidents', { reporter: 'me', userId }] as const

/** GET /api/incidents?reporter=me: what this worker reported from any phone, newest first, by cursor. */
export function fetchMyReports(cursor: string | undefined, signal?: AbortSignal): Promise<Page<IncidentSummary>> {
  return apiFetch<Page<IncidentSummary>>('/incidents', {
    query: { reporter: 'me', limit: MY_REPORTS_PAGE, cursor },
    signal,
  })
}

import { useQuery } from '@tanstack/react-query'
import type {
  CoverageRuleReply,
  GridCoverageReply,
  LivePatrols,
  PatrolDetail,
  PatrolSummary,
  Page,
  WorkerCoverageReply,
} from '@wangge/contract'
import { apiFetch } from '../api/client.ts'

/** The day's patrols in the reader's scope (a day holds at most a few hundred: two pages at most in practice). */
export function usePatrolsOfDay(day: string) {
  return useQuery({
    queryKey: ['patrols', 'day', day],
    queryFn: ({ signal }) =>
      apiFetch<Page<PatrolSummary>>('/patrols', { query: { from: day, to: day, limit: 200 }, signal }),
  })
}

/** Open patrols with their lines so far, refreshed every 15 s while the page is open. */
export function useLivePatrols() {
  return useQuery({
    queryKey: ['patrols', 'live'],
    queryFn: ({ signal }) => apiFetch<LivePatrols>('/patrols/live', { signal }),
    refetchInterval: 15_000,
  })
}

export function usePatrolDetail(id: string | null, live: boolean) {
  return useQuery({
    queryKey: ['patrols', 'detail', id],
    queryFn: ({ signal }) => apiFetch<PatrolDetail>(`/patrols/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: live ? 15_000 : false,
  })
}

export function useGridCoverage(week: string) {
  return useQuery({
    queryKey: ['coverage', 'grids', week],
    queryFn: ({ signal }) => apiFetch<GridCoverageReply>('/coverage/grids', { query: { week }, signal }),
  })
}

export function useCoverageRule(week: string) {
  return useQuery({
    queryKey: ['coverage', 'rule', week],
    queryFn: ({ signal }) => apiFetch<CoverageRuleReply>('/coverage/rule', { query: { week }, signal }),
  })
}

export function useWorkerCoverage(week: string) {
  return useQuery({
    queryKey: ['coverage', 'workers', week],
    queryFn: ({ signal }) => apiFetch<WorkerCoverageReply>('/coverage/workers', { query: { week }, signal }),
  })
}

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
}

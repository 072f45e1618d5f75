import type {
  DashboardBreakdown,
  DashboardHeat,
  DashboardRanking,
  DashboardStations,
  DashboardSummary,
  DashboardTrend,
  RankingSort,
  RankingSubject,
  RegistryIndicators,
} from '@wangge/contract'
import { queryOptions } from '@tanstack/react-query'
import { apiFetch } from '../api/client.ts'
import type { Period } from './period.ts'

export type {
  DashboardBreakdown,
  DashboardFigures,
  DashboardHeat,
  DashboardRanking,
  DashboardStations,
  DashboardSummary,
  DashboardTrend,
  RankingRow,
  RankingSort,
  RankingSubject,
} from '@wangge/contract'

/** The dashboard's figures move with every report: a minute's staleness is fine, a live screen refetches on events. */
const STALE_MS = 60_000

function dashboardQuery<T>(part: string, period: Period, extra: Record<string, string> = {}) {
  return queryOptions({
    queryKey: ['dashboard', part, period.from, period.to, extra],
    queryFn: ({ signal }) => apiFetch<T>(`/dashboard/${part}`, { query: { ...period, ...extra }, signal }),
    staleTime: STALE_MS,
  })
}

export const summaryQuery = (p: Period) => dashboardQuery<DashboardSummary>('summary', p)
export const trendQuery = (p: Period) => dashboardQuery<DashboardTrend>('trend', p)
export const breakdownQuery = (p: Period) => dashboardQuery<DashboardBreakdown>('breakdown', p)
export const heatQuery = (p: Period) => dashboardQuery<DashboardHeat>('heat', p)
export const stationsQuery = (p: Period) => dashboardQuery<DashboardStations>('stations', p)
/** The registry's figures and the visit coverage of the quarter (YYYY-Qn) the period starts in. */
export const registryQuery = (p: Period) => {
  const quarter = quarterOf(p.from)
  return queryOptions({
    queryKey: ['dashboard', 'registry', quarter],
    queryFn: ({ signal }) => apiFetch<RegistryIndicators>('/stats/registry', { query: { quarter }, signal }),
    staleTime: STALE_MS,
  })
}
const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`
export const rankingQuery = (p: Period, by: RankingSubject) => dashboardQuery<DashboardRanking>('rankings', p, { by })

/** The XLSX of a ranking, sorted as the table shows it. */
export function rankingExportUrl(p: Period, by: RankingSubject, sort: RankingSort, order: 'asc' | 'desc'): string {
  const params = new URLSearchParams({ from: p.from, to: p.to, by, sort, order })
  return `/api/dashboard/rankings/export?${params.toString()}`
}

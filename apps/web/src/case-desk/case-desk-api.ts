import type {
  IncidentQueue,
  IncidentQueueCounts,
  IncidentSort,
  IncidentSource,
  IncidentSummary,
  Page,
} from '@wangge/contract'
import type { IncidentState } from '@wangge/workflow'
import { queryOptions } from '@tanstack/react-query'
import type { CalendarDay } from '@wangge/sla'
import { apiFetch, type QueryValue } from '../api/client.ts'

/** What the desk filters by; every field is one query parameter of GET /api/incidents (and of its counts and export). */
export interface DeskFilters {
  queue: IncidentQueue | null
  /** Case number (exact or its start) or words of the description or address. */
  q: string
  status: IncidentState | null
  category: string | null
  grid: number | null
  department: number | null
  assignee: number | null
  source: IncidentSource | null
  /** Shanghai days, YYYY-MM-DD, both included. */
  fromDay: string | null
  toDay: string | null
  sort: IncidentSort
}

export const NO_FILTERS: DeskFilters = {
  queue: null,
  q: '',
  status: null,
  category: null,
  grid: null,
  department: null,
  assignee: null,
  source: null,
  fromDay: null,
  toDay: null,
  sort: 'newest',
}

const DAY_MS = 86_400_000

/** The queues in the desk's tab order (the contract's IncidentQueue: the web imports its types only). */
export const QUEUES = [
  'to_register',
  'to_dispatch',
  'to_verify',
  'due_soon',
  'overdue',
  'rework',
] as const satisfies readonly IncidentQueue[]
export const SOURCES = [
  'worker',
  'supervisor',
  'hotline',
  'open311',
  'patrol',
] as const satisfies readonly IncidentSource[]

/** The filters as the API's query parameters; the queue is left out for the counts (every queue is counted). */
export function filterParams(
  f: DeskFilters,
  options: { withQueue: boolean } = { withQueue: true },
): Record<string, QueryValue> {
  return {
    queue: options.withQueue ? f.queue : null,
    q: f.q.trim() || null,
    status: f.status,
    category: f.category,
    grid: f.grid,
    department: f.department,
    assignee: f.assignee,
    source: f.source,
    // A Shanghai day runs from its midnight (+08:00) to the next one.
    from: f.fromDay ? new Date(`${f.fromDay}T00:00:00+08:00`).toISOString() : null,
    to: f.toDay ? new Date(Date.parse(`${f.toDay}T00:00:00+08:00`) + DAY_MS).toISOString() : null,
  }
}

const PAGE_SIZE = 50

/** The desk's list: keyset pages of 50 under ['incidents', 'desk', filters], which live events invalidate. */
export const deskListQuery = (f: DeskFilters) => ({
  queryKey: ['incidents', 'desk', 'list', f] as const,
  queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) =>
    apiFetch<Page<IncidentSummary>>('/incidents', {
      query: { ...filterParams(f), sort: f.sort, limit: PAGE_SIZE, cursor: pageParam },
      signal,
    }),
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: Page<IncidentSummary>) => last.nextCursor ?? undefined,
})

export const queueCountsQuery = (f: DeskFilters) =>
  queryOptions({
    queryKey: ['incidents', 'desk', 'counts', { ...f, queue: null }] as const,
    queryFn: ({ signal }) =>
      apiFetch<IncidentQueueCounts>('/incidents/queues', { query: filterParams(f, { withQueue: false }), signal }),
  })

/** The export's address: a plain link, so the browser downloads the streamed file itself. */
export function exportHref(f: DeskFilters, format: 'xlsx' | 'csv'): string {
  const params = new URLSearchParams({ format, sort: f.sort })
  for (const [key, value] of Object.entries(filterParams(f)))
    if (value !== null && value !== undefined) params.set(key, String(value))
  return `/api/incidents/export?${params.toString()}`
}

/** GET /api/calendar/{year}: the working days a due time is counted in; they change once a year at most. */
export const calendarYearQuery = (year: number) =>
  queryOptions({
    queryKey: ['calendar', year],
    queryFn: ({ signal }) => apiFetch<CalendarDay[]>(`/calendar/${year}`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })

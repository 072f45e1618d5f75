import { useQueries } from '@tanstack/react-query'
import type { IncidentQueue, IncidentQueueCounts, IncidentSummary, Page } from '@wangge/contract'
import { apiFetch, type QueryValue } from '../api/client.ts'
import type { IncidentFilters } from '../api/incident-types.ts'
import { useRecountOnIncidentEvents } from './use-recount-on-events.ts'

export type QueueSection = 'toRegister' | 'dueSoon' | 'overdue'

/** A queue entry as the panel shows it: a map point and a case-list row both carry these. */
export type QueueEntry = Pick<IncidentSummary, 'id' | 'caseNumber' | 'description' | 'createdAt' | 'dueAt'>

export interface QueueSectionContent {
  entries: QueueEntry[]
  count: number
}

/** Entries loaded per section; the rest are counted (QueuePanel shows as many). */
export const QUEUE_SHOWN = 30

/** Each panel section as the case desk's queue, and its order: new reports newest first, deadlines earliest first. */
const SECTIONS: Record<QueueSection, { queue: IncidentQueue; sort: 'newest' | 'oldest' }> = {
  toRegister: { queue: 'to_register', sort: 'newest' },
  dueSoon: { queue: 'due_soon', sort: 'oldest' },
  overdue: { queue: 'overdue', sort: 'oldest' },
}

const QUEUE_KEY = ['incidents', 'map-queue'] as const

const filterQuery = (f: IncidentFilters): Record<string, QueryValue> => ({
  status: f.status,
  category: f.category,
  grid: f.grid,
  from: f.from,
})

/**
 * The queue panel at city scale, from the server's queues (GET /api/incidents?queue=…, GET /api/incidents/queues):
 * the map's points there are the newest cases only, and an overdue case is often older than all of them. `null`
 * when not enabled; events and a resync reload it.
 */
export function useServerQueue(
  filters: IncidentFilters,
  enabled: boolean,
): Record<QueueSection, QueueSectionContent> | null {
  const sections = Object.keys(SECTIONS) as QueueSection[]
  const results = useQueries({
    queries: [
      {
        queryKey: [...QUEUE_KEY, 'counts', filters],
        enabled,
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          apiFetch<IncidentQueueCounts>('/incidents/queues', { query: filterQuery(filters), signal }),
      },
      ...sections.map((section) => ({
        queryKey: [...QUEUE_KEY, section, filters],
        enabled,
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          apiFetch<Page<IncidentSummary>>('/incidents', {
            query: {
              ...filterQuery(filters),
              queue: SECTIONS[section].queue,
              sort: SECTIONS[section].sort,
              limit: QUEUE_SHOWN,
            },
            signal,
          }),
      })),
    ],
  })

  useRecountOnIncidentEvents(QUEUE_KEY, enabled)

  if (!enabled) return null
  const counts = results[0]?.data as IncidentQueueCounts | undefined
  const content = (section: QueueSection): QueueSectionContent => {
    const page = results[sections.indexOf(section) + 1]?.data as Page<IncidentSummary> | undefined
    const entries = page?.items ?? []
    return { entries, count: counts?.[SECTIONS[section].queue] ?? entries.length }
  }
  return { toRegister: content('toRegister'), dueSoon: content('dueSoon'), overdue: content('overdue') }
}

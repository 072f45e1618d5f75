import type { CalendarDay, IncidentDetail, IncidentSummary, Page } from '@wangge/contract'
import { apiFetch } from '../api/client.ts'
import { DEPARTMENT_QUEUES, type DepartmentQueue } from './department-queues.ts'

/** The largest page the API gives: a department's open cases are a few pages at most. */
const PAGE_SIZE = 200

/** One page of a queue; the API shows a handler only the cases dispatched to their department. */
export function fetchQueuePage(
  queue: DepartmentQueue,
  cursor: string | undefined,
  signal: AbortSignal,
): Promise<Page<IncidentSummary>> {
  const { status, rework } = DEPARTMENT_QUEUES[queue]
  return apiFetch<Page<IncidentSummary>>('/incidents', {
    query: { status: [status], rework, cursor, limit: PAGE_SIZE },
    signal,
  })
}

/** A year's holidays and make-up working days: the working calendar the due times were set by. */
export function fetchCalendarYear(year: number, signal: AbortSignal): Promise<CalendarDay[]> {
  return apiFetch<CalendarDay[]>(`/calendar/${year}`, { signal })
}

/** A case with its photos, history and the steps the handler may take now. */
export function fetchCase(id: string, signal: AbortSignal): Promise<IncidentDetail> {
  return apiFetch<IncidentDetail>(`/incidents/${id}`, { signal })
}

import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { OutboxItem } from '../../outbox/outbox-item.ts'
import { fetchMyReports, myReportsKey } from './my-reports.ts'
import { useIncidentEvents } from './use-incident-events.ts'

/**
 * The worker's own reports through the app's query cache, kept current four ways: a live incident event (a
 * supervisor registered, dispatched or closed one; the socket joins the worker's grids), the socket coming back
 * after a drop (what happened meanwhile), a report of this phone reaching the server through the outbox, and a
 * slow poll for reports outside the worker's grids.
 */
export function useMyReports(userId: number, outbox: OutboxItem[] | null) {
  const queryClient = useQueryClient()
  const key = myReportsKey(userId)
  const reports = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => fetchMyReports(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Live events reach a case's reporter wherever it lies (the server sends them to the reporter's own room too);
    // the list is still read again every minute while open, for what a dropped connection missed.
    refetchInterval: 60_000,
  })

  const refresh = () => void queryClient.invalidateQueries({ queryKey: key })
  useIncidentEvents(refresh)
  const reportsSent = outbox?.filter((item) => item.payload.kind === 'report' && item.state === 'sent').length ?? 0
  useEffect(() => {
    if (reportsSent > 0) void queryClient.invalidateQueries({ queryKey: myReportsKey(userId) })
  }, [reportsSent, userId, queryClient])
  return reports
}

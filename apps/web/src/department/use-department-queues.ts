import { useInfiniteQuery } from '@tanstack/react-query'
import type { IncidentSummary } from '@wangge/contract'
import { useEffect } from 'react'
import { fetchQueuePage } from './department-api.ts'
import type { DepartmentQueue } from './department-queues.ts'

/** The key every department list lives under; live events invalidate `['incidents']` as a whole. */
export const queueKey = (queue: DepartmentQueue) => ['incidents', 'department', queue] as const

export interface QueueState {
  cases: IncidentSummary[]
  /** Every page is in: the count is the queue's size. */
  complete: boolean
  error: Error | null
}

/**
 * One queue, every page of it: the queue is sorted overdue-first on the phone and counted, which both need all of
 * it (a department's open cases, not the street's history).
 */
export function useDepartmentQueue(queue: DepartmentQueue): QueueState {
  const query = useInfiniteQuery({
    queryKey: queueKey(queue),
    queryFn: ({ pageParam, signal }) => fetchQueuePage(queue, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = query
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage()
  }, [hasNextPage, isFetchingNextPage, isError, fetchNextPage])
  return {
    cases: query.data?.pages.flatMap((page) => page.items) ?? [],
    complete: query.isSuccess && !hasNextPage,
    error: query.error,
  }
}

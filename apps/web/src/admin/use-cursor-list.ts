import { useInfiniteQuery, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Page } from '../api/account-types.ts'

export interface CursorList<T> {
  items: T[]
  /** `loading`: the first page; `more`: a further page while the earlier ones stay shown. */
  phase: 'loading' | 'more' | 'ready' | 'error'
  error: Error | null
  hasMore: boolean
  loadMore: () => void
  /** Repeats whatever failed: the first page, or the page after the last one shown. */
  retry: () => void
  /** Local edits (a created or changed row) in the cache, without reloading every page already shown. */
  update: (change: (items: T[]) => T[]) => void
}

/**
 * A keyset-paginated list with "load more", one infinite query in the app's cache. `queryKey` names the list and
 * its filters: a new key starts again from the first page, and a slow reply for the old key never mixes in.
 */
export function useCursorList<T>(
  queryKey: QueryKey,
  loadPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
): CursorList<T> {
  const queryClient = useQueryClient()
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => loadPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
  const { fetchNextPage, refetch, hasNextPage, isFetchNextPageError } = query

  const items = query.data?.pages.flatMap((page) => page.items) ?? []
  let phase: CursorList<T>['phase'] = 'ready'
  if (query.isError) phase = 'error'
  else if (query.isPending) phase = 'loading'
  else if (query.isFetchingNextPage) phase = 'more'

  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage])
  const retry = useCallback(
    () => void (isFetchNextPageError ? fetchNextPage() : refetch()),
    [isFetchNextPageError, fetchNextPage, refetch],
  )
  const update = useCallback(
    (change: (items: T[]) => T[]) =>
      queryClient.setQueryData<InfiniteData<Page<T>, string | null>>(
        queryKey,
        (data) => data && withItems(data, change(data.pages.flatMap((p) => p.items))),
      ),
    [queryClient, queryKey],
  )

  return { items, phase, error: query.error, hasMore: hasNextPage, loadMore, retry, update }
}

/**
 * Puts an edited list back into its pages: the later pages keep their sizes, the first takes the rest (a created
 * row goes there), so each page's cursor still follows its own last row.
 */
function withItems<T>(data: InfiniteData<Page<T>, string | null>, items: T[]): InfiniteData<Page<T>, string | null> {
  const [first, ...rest] = data.pages
  if (!first) return data
  const restSize = rest.reduce((n, page) => n + page.items.length, 0)
  const firstSize = Math.max(0, items.length - restSize)
  let offset = firstSize
  const pages = [
    { ...first, items: items.slice(0, firstSize) },
    ...rest.map((page) => ({ ...page, items: items.slice(offset, (offset += page.items.length)) })),
  ]
  return { ...data, pages }
}

import { useQuery, type QueryKey, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query'
import { useCallback } from 'react'

/** What a page shows of one server resource: nothing asked yet, loading, the data, or why it failed. */
export type ApiResource<T> =
  { status: 'idle' } | { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: Error }

/**
 * Reads one resource through the app's TanStack Query cache (api/query-client.ts) and gives it as the four states
 * the pages switch on. Data already held stays shown when a refetch fails; `retry` fetches the key again.
 */
export function useApiQuery<T, K extends QueryKey>(
  options: UseQueryOptions<T, Error, T, K>,
): { resource: ApiResource<T>; retry: () => void } {
  const query = useQuery(options)
  const { refetch } = query
  const retry = useCallback(() => void refetch(), [refetch])
  return { resource: resourceOf(query), retry }
}

function resourceOf<T>(query: UseQueryResult<T, Error>): ApiResource<T> {
  if (query.data !== undefined) return { status: 'ready', data: query.data }
  if (query.isError) return { status: 'error', error: query.error }
  // Pending and not fetching: the query is disabled (nothing chosen yet).
  if (query.fetchStatus === 'idle') return { status: 'idle' }
  return { status: 'loading' }
}

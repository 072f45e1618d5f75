import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './api-error.ts'

/**
 * The web app's one cache of server state (TanStack Query). Pages read through `useQuery` with keys that start
 * with the resource's path (`['incidents', filters]`), and live events update or invalidate those keys, so two
 * screens showing the same case never disagree. The outbox is not server state and stays in IndexedDB.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Live events keep what is on screen fresh; refetching on every focus would only repeat them.
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A 4xx will answer the same again; only network faults and 5xx (a database restarting) are worth retrying.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.statusCode >= 400 && error.statusCode < 500),
    },
  },
})

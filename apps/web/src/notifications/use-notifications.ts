import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query'
import type { NotificationItem, NotificationPage } from '@wangge/contract'
import { useEffect } from 'react'
import { apiFetch } from '../api/client.ts'
import { acquirePageSocket, type PageSocket } from '../live/page-socket.ts'

const KEY = ['notifications'] as const
type Pages = InfiniteData<NotificationPage, string | null>

/**
 * The signed-in user's notices, newest first, kept live: the page's socket hears `notification` (sent to the
 * user's room only) and puts each notice at the top once — a notice already listed (same id, e.g. fetched and
 * pushed at once) is not added again — and counts it unread.
 */
export function useNotifications() {
  const queryClient = useQueryClient()
  const query = useInfiniteQuery({
    queryKey: KEY,
    queryFn: ({ pageParam }) =>
      apiFetch<NotificationPage>('/notifications', { query: { before: pageParam ?? undefined, limit: 20 } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })

  useEffect(() => {
    let stopped = false
    let hold: PageSocket | undefined
    void acquirePageSocket().then(
      (held) => {
        if (stopped) return held.release()
        hold = held
        held.on('notification', (notice: NotificationItem) => {
          queryClient.setQueryData<Pages>(KEY, (data) => {
            if (!data) return data
            if (data.pages.some((p) => p.items.some((n) => n.id === notice.id))) return data
            const [first, ...rest] = data.pages
            return {
              ...data,
              pages: [{ ...first!, items: [notice, ...first!.items], unread: first!.unread + 1 }, ...rest],
            }
          })
        })
      },
      // Without the socket's code (offline before it was ever loaded) the list is still fetched on open.
      () => undefined,
    )
    return () => {
      stopped = true
      hold?.release()
    }
  }, [queryClient])

  const items = query.data?.pages.flatMap((p) => p.items) ?? []
  const unread = query.data?.pages[0]?.unread ?? 0

  async function markRead(ids: string[] | 'all') {
    await apiFetch('/notifications/read', { method: 'POST', body: ids === 'all' ? { all: true } : { ids } })
    await queryClient.invalidateQueries({ queryKey: KEY })
  }

  return { query, items, unread, markRead }
}

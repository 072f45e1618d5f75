import { useCallback, useEffect, useRef, useState } from 'react'
import { isAbortError } from '../api/api-error.ts'
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
  /** Local edits (a created or changed row) without reloading every page already shown. */
  update: (change: (items: T[]) => T[]) => void
}

interface State<T> {
  key: string
  items: T[]
  nextCursor: string | null
  phase: CursorList<T>['phase']
  error: Error | null
}

/**
 * A keyset-paginated list with "load more". `key` names the filters: a new key starts again from the first page
 * and aborts whatever the old key was loading, so a slow reply never mixes two filters' rows.
 */
export function useCursorList<T>(key: string, loadPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>): CursorList<T> {
  const [state, setState] = useState<State<T>>({ key, items: [], nextCursor: null, phase: 'loading', error: null })
  const controllerRef = useRef<AbortController | null>(null)
  // The loader is usually an inline closure; a ref keeps it out of the callbacks' dependencies.
  const loadRef = useRef(loadPage)
  useEffect(() => {
    loadRef.current = loadPage
  })

  const fetchPage = useCallback(
    (cursor: string | null) => {
      controllerRef.current?.abort()
      const controller = new AbortController()
      controllerRef.current = controller
      setState((s) => (cursor === null ? { key, items: [], nextCursor: null, phase: 'loading', error: null } : { ...s, phase: 'more', error: null }))
      loadRef.current(cursor, controller.signal).then(
        (page) => {
          if (controller.signal.aborted) return
          setState((s) => ({ key, items: cursor === null ? page.items : [...s.items, ...page.items], nextCursor: page.nextCursor, phase: 'ready', error: null }))
        },
        (error: unknown) => {
          if (controller.signal.aborted || isAbortError(error)) return
          setState((s) => ({ ...s, phase: 'error', error: error instanceof Error ? error : new Error(String(error)) }))
        },
      )
    },
    [key],
  )

  useEffect(() => {
    fetchPage(null)
    return () => controllerRef.current?.abort()
  }, [fetchPage])

  const current = state.key === key ? state : { ...state, items: [], nextCursor: null, phase: 'loading' as const }
  const { nextCursor, items } = current
  const loadMore = useCallback(() => {
    if (nextCursor !== null) fetchPage(nextCursor)
  }, [fetchPage, nextCursor])
  const retry = useCallback(() => fetchPage(items.length > 0 ? nextCursor : null), [fetchPage, items.length, nextCursor])
  const update = useCallback((change: (items: T[]) => T[]) => setState((s) => ({ ...s, items: change(s.items) })), [])

  return { items, phase: current.phase, error: current.error, hasMore: nextCursor !== null, loadMore, retry, update }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { isAbortError } from '../api/api-error.ts'
import { readCache, writeCache } from './local-cache.ts'

export interface CachedLookup<T> {
  data: T | null
  /** True while `data` is the copy kept on the phone rather than the server's answer of just now. */
  stale: boolean
  error: Error | null
  reload: () => void
}

/**
 * Loads a lookup from the server and keeps the answer on the phone; until the server answers (or when it cannot
 * be reached) the kept copy is shown, marked stale.
 */
export function useCachedLookup<T>(cacheKey: string, load: (signal: AbortSignal) => Promise<T>): CachedLookup<T> {
  const [state, setState] = useState<{ key: string; data: T | null; stale: boolean; error: Error | null }>(() => ({
    key: cacheKey,
    data: readCache<T>(cacheKey),
    stale: true,
    error: null,
  }))
  const [attempt, setAttempt] = useState(0)
  // The loader is usually an inline closure; the cache key names what it loads.
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })
  if (state.key !== cacheKey) setState({ key: cacheKey, data: readCache<T>(cacheKey), stale: true, error: null })

  useEffect(() => {
    const controller = new AbortController()
    loadRef.current(controller.signal).then(
      (data) => {
        writeCache(cacheKey, data)
        setState({ key: cacheKey, data, stale: false, error: null })
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return
        setState((current) => ({ ...current, error: error instanceof Error ? error : new Error(String(error)) }))
      },
    )
    return () => controller.abort()
  }, [cacheKey, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { data: state.data, stale: state.stale, error: state.error, reload }
}

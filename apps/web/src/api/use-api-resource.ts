import { useCallback, useEffect, useRef, useState } from 'react'
import { isAbortError } from './api-error.ts'

export type ApiResource<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: Error }

type Settled<T> = { key: string; result: Extract<ApiResource<T>, { status: 'ready' | 'error' }> }

/**
 * Loads one API resource identified by `key` (null: nothing to load). A new key aborts the request for the old
 * one, so a slow reply can never overwrite a newer one. `retry` loads the same key again.
 */
export function useApiResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): { resource: ApiResource<T>; retry: () => void } {
  const [attempt, setAttempt] = useState(0)
  const [settled, setSettled] = useState<Settled<T> | null>(null)
  // The loader is usually an inline closure; reading it through a ref keeps it out of the effect's dependencies.
  const loadRef = useRef(load)
  useEffect(() => {
    loadRef.current = load
  })

  useEffect(() => {
    if (key === null) return
    const controller = new AbortController()
    setSettled((previous) => (previous?.key === key ? null : previous))
    void loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, result: { status: 'ready', data } })
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return
        const asError = error instanceof Error ? error : new Error(String(error))
        setSettled({ key, result: { status: 'error', error: asError } })
      },
    )
    return () => controller.abort()
  }, [key, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])

  // Until the current key settles, report loading rather than the previous key's data.
  let resource: ApiResource<T>
  if (key === null) resource = { status: 'idle' }
  else if (settled?.key === key) resource = settled.result
  else resource = { status: 'loading' }
  return { resource, retry }
}

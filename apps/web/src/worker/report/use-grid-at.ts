import { useEffect, useState } from 'react'
import { ApiError, isAbortError } from '../../api/api-error.ts'
import { locateGrid, type GridChainLink } from '../../api/incident-reports.ts'

export type GridAtPoint =
  | { status: 'none' }
  | { status: 'locating' }
  | { status: 'found'; chain: GridChainLink[] }
  | { status: 'outside' }
  /** No network: the server finds the grid when the report arrives. */
  | { status: 'unknown' }

/** The grid chain at a point, asked again (after a short pause) whenever the pin moves. */
export function useGridAt(point: { lng: number; lat: number } | null): GridAtPoint {
  const [state, setState] = useState<{ key: string; result: GridAtPoint } | null>(null)
  const key = point ? `${point.lng.toFixed(6)},${point.lat.toFixed(6)}` : null

  useEffect(() => {
    if (key === null) return
    // The point as the key gives it (to a decimetre): the object itself is new on every render.
    const [lng, lat] = key.split(',').map(Number) as [number, number]
    const controller = new AbortController()
    const timer = setTimeout(() => {
      locateGrid({ lng, lat }, controller.signal).then(
        (chain) => setState({ key, result: { status: 'found', chain } }),
        (error: unknown) => {
          if (controller.signal.aborted || isAbortError(error)) return
          const outside = error instanceof ApiError && error.code === 'OUTSIDE_MANAGED_AREA'
          setState({ key, result: outside ? { status: 'outside' } : { status: 'unknown' } })
        },
      )
    }, 300)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [key])

  if (key === null) return { status: 'none' }
  return state?.key === key ? state.result : { status: 'locating' }
}

import { levelForZoom, type GridLevel } from '@wangge/grid'
import { useCallback, useEffect, useState } from 'react'
import { useMap } from 'react-leaflet'
import { isAbortError } from '../api/api-error.ts'
import { fetchGridsInView } from '../api/grids.ts'
import type { GridCollection } from '../api/types.ts'
import { viewBBox } from './view-bbox.ts'

export interface ViewportGrids {
  /** The last collection that arrived; kept while the next one loads so the map never flashes empty. */
  collection: GridCollection | null
  /** The level the current view asks for (follows zoom). */
  level: GridLevel
  loading: boolean
  error: Error | null
  reload: () => void
}

/**
 * Keeps the grids of the current view loaded: once on mount and after every move. A move aborts the request of
 * the view before it, so a slow reply for an old view can never replace the polygons of the current one.
 */
export function useViewportGrids(): ViewportGrids {
  const map = useMap()
  const [collection, setCollection] = useState<GridCollection | null>(null)
  const [level, setLevel] = useState<GridLevel>(() => levelForZoom(map.getZoom()))
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<Error | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let controller: AbortController | null = null

    function loadView() {
      controller?.abort()
      const current = new AbortController()
      controller = current
      const zoom = Math.round(map.getZoom())
      const viewLevel = levelForZoom(zoom)
      setLevel(viewLevel)
      setLoading(true)
      void fetchGridsInView({ level: viewLevel, bbox: viewBBox(map), zoom }, current.signal).then(
        (next) => {
          if (current.signal.aborted) return
          setCollection(next)
          setError(null)
          setLoading(false)
        },
        (failure: unknown) => {
          if (current.signal.aborted || isAbortError(failure)) return
          setError(failure instanceof Error ? failure : new Error(String(failure)))
          setLoading(false)
        },
      )
    }

    loadView()
    map.on('moveend', loadView)
    return () => {
      map.off('moveend', loadView)
      controller?.abort()
    }
  }, [map, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { collection, level, loading, error, reload }
}

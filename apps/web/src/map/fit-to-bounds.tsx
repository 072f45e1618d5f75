import type { LatLngBounds } from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'

/**
 * Frames the map on `bounds` the first time they arrive, and never again: after that the view is the user's,
 * and a re-render must not yank it back.
 */
export function FitToBounds({ bounds }: { bounds: LatLngBounds | null }) {
  const map = useMap()
  const fitted = useRef(false)
  useEffect(() => {
    if (!bounds || fitted.current) return
    fitted.current = true
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18 })
  }, [map, bounds])
  return null
}

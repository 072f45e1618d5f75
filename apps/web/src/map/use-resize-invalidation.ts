import { useEffect } from 'react'
import { useMap } from 'react-leaflet'

/**
 * Leaflet only notices window resizes; the side panel opening or closing resizes the map's container without
 * one, leaving grey bands and stale bounds. Watching the container itself catches every case.
 */
export function useResizeInvalidation(): void {
  const map = useMap()
  useEffect(() => {
    const observer = new ResizeObserver(() => map.invalidateSize({ debounceMoveend: true }))
    observer.observe(map.getContainer())
    return () => observer.disconnect()
  }, [map])
}

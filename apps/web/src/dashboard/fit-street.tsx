import { useEffect } from 'react'
import { useMap } from 'react-leaflet'

/**
 * Keeps the whole street in view as the map's box takes its size: a panel's map is laid out after Leaflet first
 * measured it, and the wall screen's fills whatever the grid leaves it.
 */
/** `bounds`: the street's [west, south, east, north], as the app's config gives it. */
export function FitStreet({ bounds }: { bounds: readonly number[] | null }) {
  const map = useMap()
  useEffect(() => {
    if (!bounds) return
    const fit = () => {
      map.invalidateSize()
      map.fitBounds(
        [
          [bounds[1]!, bounds[0]!],
          [bounds[3]!, bounds[2]!],
        ],
        { padding: [12, 12] },
      )
    }
    fit()
    const observer = new ResizeObserver(fit)
    observer.observe(map.getContainer())
    return () => observer.disconnect()
  }, [map, bounds])
  return null
}

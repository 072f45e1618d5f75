import { useEffect } from 'react'
import { useMap } from 'react-leaflet'
import type { ViewBox } from '../api/incidents.ts'

export interface MapView {
  zoom: number
  /** The view with a quarter of its size around it, so a small pan stays inside what was loaded. */
  bbox: ViewBox
}

/** Margin around the view that a load covers, as a fraction of the view (Leaflet's LatLngBounds.pad). */
const VIEW_PAD = 0.25

/**
 * Tells the page where the map looks, once the map has a view and after every move or zoom: for what is loaded per
 * view (a city's incidents), which the page holds outside the map. Renders nothing.
 */
export function MapViewReporter({ onChange }: { onChange: (view: MapView) => void }) {
  const map = useMap()
  useEffect(() => {
    const report = () => {
      const bounds = map.getBounds().pad(VIEW_PAD)
      // Rounded, so that a view reported twice (a resize that moves nothing) is the same view to a query key.
      const round = (d: number) => Math.round(d * 1e5) / 1e5
      onChange({
        zoom: Math.round(map.getZoom()),
        bbox: [
          round(Math.max(-180, bounds.getWest())),
          round(Math.max(-90, bounds.getSouth())),
          round(Math.min(180, bounds.getEast())),
          round(Math.min(90, bounds.getNorth())),
        ],
      })
    }
    map.whenReady(report)
    map.on('moveend', report)
    return () => {
      map.off('moveend', report)
    }
  }, [map, onChange])
  return null
}

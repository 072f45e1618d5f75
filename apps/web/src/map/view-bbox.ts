import type { Map as LeafletMap } from 'leaflet'
import type { BBox } from '../api/grids.ts'

/**
 * The map's bounds as the API's bbox, padded a little so a small pan does not expose unloaded edges, clamped
 * to valid WGS-84 (a wide-out view wraps past ±180°) and rounded to ~10 cm to keep URLs short.
 */
export function viewBBox(map: LeafletMap, padding = 0.1): BBox {
  const bounds = map.getBounds().pad(padding)
  return [
    round(Math.max(bounds.getWest(), -180)),
    round(Math.max(bounds.getSouth(), -90)),
    round(Math.min(bounds.getEast(), 180)),
    round(Math.min(bounds.getNorth(), 90)),
  ]
}

function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6
}

import type { GridLevel } from '@wangge/grid'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'

/** Reply of GET /api/config. */
export interface AppConfig {
  tileUrl: string
  tileAttribution: string
  street: {
    name: string
    /** [lng, lat] in WGS-84 — note the GeoJSON order, the reverse of Leaflet's. */
    center: [number, number]
    /** [minLng, minLat, maxLng, maxLat] of the street, when the server knows it. */
    bounds?: [number, number, number, number]
  }
}

export interface GridSummary {
  id: number
  code: string
  level: GridLevel
  name: string
}

export interface GridProperties extends GridSummary {
  parentId: number | null
}

/** Reply of GET /api/grids: the grids of one level in a bounding box, simplified for the zoom. */
export type GridCollection = FeatureCollection<Polygon | MultiPolygon, GridProperties>

/** Reply of GET /api/grids/:id. */
export interface GridDetail extends GridProperties {
  areaM2: number
  childrenCount: number
  /** Ancestors from level 1 down to and including the grid itself. */
  chain: GridSummary[]
}

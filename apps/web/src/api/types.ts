import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { GridRef } from '@wangge/contract'

export type { ClientConfig as AppConfig, GridDetail } from '@wangge/contract'

/** A grid as replies name it (id, code, level, name). */
export type GridSummary = GridRef

/** The properties of a grid's feature in GET /api/grids (the reply's schema leaves features open). */
export interface GridProperties extends GridSummary {
  parentId: number | null
}

/** Reply of GET /api/grids: the grids of one level in a bounding box, simplified for the zoom. */
export type GridCollection = FeatureCollection<Polygon | MultiPolygon, GridProperties>

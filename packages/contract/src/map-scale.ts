import { Type, type Static } from '@sinclair/typebox'
import { IncidentPointsQuery } from './incidents.ts'

/** GET /api/grids/tiles/{z}/{x}/{y}.mvt: a Web Mercator tile address (the API refuses x or y past 2^z − 1). */
export const GridTileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
})
export type GridTileParams = Static<typeof GridTileParams>

/** The case list's filters (as the map points take them) and the map's zoom, which sets the cluster cell. */
export const IncidentClusterQuery = Type.Composite([
  Type.Omit(IncidentPointsQuery, ['limit']),
  Type.Object({ zoom: Type.Integer({ minimum: 0, maximum: 22 }) }),
])
export type IncidentClusterQuery = Static<typeof IncidentClusterQuery>

export const IncidentCluster = Type.Object({
  lng: Type.Number({ description: '簇内事件的平均位置 / the mean position of its cases' }),
  lat: Type.Number(),
  count: Type.Integer({ minimum: 1 }),
  overdue: Type.Integer({ minimum: 0, description: '其中超期的 / of which overdue' }),
})
export type IncidentCluster = Static<typeof IncidentCluster>

export const IncidentClusters = Type.Object({
  /**
   * Every case the caller may see under the filters in the cells the view touches (the view widened to whole cells):
   * the sum of the clusters' counts.
   */
  total: Type.Integer({ minimum: 0 }),
  clusters: Type.Array(IncidentCluster),
})
export type IncidentClusters = Static<typeof IncidentClusters>

/** The case list's filters (as the map points take them) and the grid level the map draws at its zoom. */
export const IncidentGridLoadQuery = Type.Composite([
  Type.Omit(IncidentPointsQuery, ['limit']),
  Type.Object({ level: Type.Integer({ minimum: 1, maximum: 3, description: '网格层级 / grid level (1–3)' }) }),
])
export type IncidentGridLoadQuery = Static<typeof IncidentGridLoadQuery>

export const IncidentGridLoad = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  open: Type.Integer({ minimum: 1, description: '未办结的 / cases still open' }),
  overdue: Type.Integer({ minimum: 0, description: '其中超期的 / of which overdue' }),
})
export type IncidentGridLoad = Static<typeof IncidentGridLoad>

/** The open cases in view per grid of one level: what tints the live map's grids when it cannot load every case. */
export const IncidentGridLoads = Type.Object({
  level: Type.Integer({ minimum: 1, maximum: 3 }),
  grids: Type.Array(IncidentGridLoad),
})
export type IncidentGridLoads = Static<typeof IncidentGridLoads>

export const GridTileBody = Type.Unknown({
  description: 'application/vnd.mapbox-vector-tile; layer "grids", properties: id, code, name, level, parentId',
})

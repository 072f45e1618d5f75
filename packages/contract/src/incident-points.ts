import { Type, type Static } from '@sinclair/typebox'
import { IncidentEventData } from './live-events.ts'

/**
 * A point of GET /api/incidents/geojson: what a live event's `data` carries, less the coordinates (they are the
 * geometry), plus `overdue` and the grid chain as gridL1..3.
 */
export const IncidentPointProperties = Type.Composite([
  Type.Omit(IncidentEventData, ['lng', 'lat']),
  Type.Object({ overdue: Type.Boolean(), gridL1: Type.Integer(), gridL2: Type.Integer(), gridL3: Type.Integer() }),
])
export type IncidentPointProperties = Static<typeof IncidentPointProperties>

export interface IncidentPointFeature {
  type: 'Feature'
  id: string
  geometry: { type: 'Point'; coordinates: [number, number] }
  properties: IncidentPointProperties
}

// The API sends the collection as text PostgreSQL built (no serialiser), so the schema stays open and documents the
// shape; the static type names the features.
export const IncidentPointCollection = Type.Unsafe<{ type: 'FeatureCollection'; features: IncidentPointFeature[] }>(
  Type.Object(
    { type: Type.Literal('FeatureCollection'), features: Type.Array(Type.Unknown()) },
    { description: 'GeoJSON FeatureCollection of points; properties: IncidentPointProperties' },
  ),
)
export type IncidentPointCollection = Static<typeof IncidentPointCollection>

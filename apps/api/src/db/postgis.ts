import { sql, type Expression, type RawBuilder } from 'kysely'

/** Small typed wrappers around the PostGIS functions the repositories use; all geometry is SRID 4326. */

export type BBox = readonly [minLng: number, minLat: number, maxLng: number, maxLat: number]

export function envelope([minLng, minLat, maxLng, maxLat]: BBox): RawBuilder<unknown> {
  return sql`ST_MakeEnvelope(${minLng}::float8, ${minLat}::float8, ${maxLng}::float8, ${maxLat}::float8, 4326)`
}

/** GeoJSON text of a geometry, simplified (tolerance in degrees, 0 for none) and rounded to `digits` decimals. */
export function asGeoJson(geom: Expression<unknown>, digits: number, tolerance = 0): RawBuilder<string> {
  const shape = tolerance > 0 ? sql`ST_SimplifyPreserveTopology(${geom}, ${tolerance}::float8)` : sql`${geom}`
  return sql<string>`ST_AsGeoJSON(${shape}, ${digits}::int)`
}

import { sql, type Expression, type RawBuilder } from 'kysely'

/** Small typed wrappers around the PostGIS functions the repositories use; all geometry is SRID 4326. */

export type BBox = readonly [minLng: number, minLat: number, maxLng: number, maxLat: number]

export function envelope([minLng, minLat, maxLng, maxLat]: BBox): RawBuilder<unknown> {
  return sql`ST_MakeEnvelope(${minLng}::float8, ${minLat}::float8, ${maxLng}::float8, ${maxLat}::float8, 4326)`
}

/** GeoJSON text of a geometry with coordinates rounded to `digits` decimals. */
export function asGeoJson(geom: Expression<unknown>, digits: number): RawBuilder<string> {
  return sql<string>`ST_AsGeoJSON(${geom}, ${digits}::int)`
}

/**
 * An audit taken farther than this from its station is filed as 非现场 (off-site): the API's OFF_SITE_METRES
 * (apps/api/src/plugins/app/stations/audit-filing.ts). The form warns before such an audit is submitted.
 */
export const OFF_SITE_METRES = 300

const EARTH_RADIUS_M = 6_371_008.8

/** The great-circle distance in metres (haversine): within a street, a metre or so from PostGIS's geography distance. */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h))
}

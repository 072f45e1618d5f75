import type { GridGeometry } from './grid-feature.ts'

/** [west, south, east, north] in WGS-84 degrees. */
export type BBox = [number, number, number, number]

/**
 * Where to look on the map for a problem or a change: a point inside the offending region (an overlap, a spill-over,
 * a gap, the feature itself) and the region's extent. Real boundary files have thousands of vertices; a feature's
 * code alone does not say which corner of a district is wrong.
 */
export interface GridLocation {
  point: [number, number]
  bbox: BBox
}

/** The extent of a geometry's finite coordinates, or undefined when it has none. */
export function bboxOfGeometry(geometry: GridGeometry): BBox | undefined {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return bboxOfPositions(polygons.flat(2))
}

export function bboxOfPositions(positions: Iterable<readonly number[]>): BBox | undefined {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [lng, lat] of positions) {
    if (lng === undefined || lat === undefined || !Number.isFinite(lng) || !Number.isFinite(lat)) continue
    w = Math.min(w, lng)
    s = Math.min(s, lat)
    e = Math.max(e, lng)
    n = Math.max(n, lat)
  }
  return w <= e ? [w, s, e, n] : undefined
}

/** A location for a whole extent: its centre, which is enough to pan to when no finer point is known. */
export function locationOfBBox(bbox: BBox | undefined): GridLocation | null {
  if (!bbox) return null
  return { point: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], bbox }
}

/** One line of text for the command line and messages: `119.123456, 36.712345 (bbox w,s,e,n)`. */
export function formatLocation(location: GridLocation | null): string {
  if (!location) return ''
  const [lng, lat] = location.point
  const bbox = location.bbox.map((v) => v.toFixed(6)).join(',')
  return `${lng.toFixed(6)}, ${lat.toFixed(6)} (bbox ${bbox})`
}

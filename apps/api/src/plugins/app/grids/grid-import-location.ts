import { sql, type RawBuilder } from 'kysely'
import type { GridLocation } from '@wangge/grid'

/** The columns a located row carries: a point on the region's surface and its extent. */
export interface LocatedRow {
  px: number | null
  py: number | null
  xmin: number | null
  ymin: number | null
  xmax: number | null
  ymax: number | null
}

/**
 * Select-list columns locating a region (an overlap, a spill-over, a changed strip): ST_PointOnSurface rather than
 * the centroid, which for an L-shaped strip along a border lies outside it, off where the eye should go.
 */
export const locationColumns = (region: RawBuilder<unknown>): RawBuilder<LocatedRow> => sql<LocatedRow>`
  ST_X(ST_PointOnSurface(${region})) px, ST_Y(ST_PointOnSurface(${region})) py,
  ST_XMin(${region}) xmin, ST_YMin(${region}) ymin, ST_XMax(${region}) xmax, ST_YMax(${region}) ymax`

export function locationOf(row: LocatedRow): GridLocation | null {
  const { px, py, xmin, ymin, xmax, ymax } = row
  if (px == null || py == null || xmin == null || ymin == null || xmax == null || ymax == null) return null
  return { point: [px, py], bbox: [xmin, ymin, xmax, ymax] }
}

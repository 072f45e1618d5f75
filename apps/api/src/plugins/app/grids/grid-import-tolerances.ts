import { sql, type RawBuilder } from 'kysely'

/**
 * How much disagreement between polygons the import lets pass, relative to their size. Real boundary files are
 * drawn at a scale: a district's edges are a few metres off where a unit grid's are centimetres off, and a fixed
 * 1 m² refused a district rebuilt as the union of its children by 1–2 m² of floating-point dust (issue 21). Each
 * tolerance is a share of the smaller polygon involved (the child, for spill-over), with a floor for small cells.
 */
export const DUST_SHARE = 1e-6
export const DUST_FLOOR_M2 = 1
/**
 * An overlap between neighbours up to this share of the smaller one is a sliver of separate digitising, not a
 * disagreement about who owns the ground: the import snaps it (snapSlivers) instead of refusing the file. 1 % of a
 * 100 m × 100 m unit grid is 100 m², a strip a metre wide along its side; a cell moved by a fifth of its width
 * overlaps by 20 %, and is refused.
 */
export const SLIVER_SHARE = 0.01
/** A gap is reported when the children leave more than this share of their parent uncovered. */
export const GAP_TOLERANCE_SHARE = 0.001

/** The dust tolerance in m² for a polygon (or the smaller of two) of `areaM2` square metres, as SQL. */
export const dustToleranceM2 = (areaM2: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`greatest(${DUST_FLOOR_M2}::float8, ${DUST_SHARE}::float8 * ${areaM2})`

export const sliverLimitM2 = (areaM2: RawBuilder<unknown>): RawBuilder<number> =>
  sql<number>`greatest(${DUST_FLOOR_M2}::float8, ${SLIVER_SHARE}::float8 * ${areaM2})`

/** The spheroidal area in m² of a 4326 geometry column or expression. */
export const areaM2 = (geom: RawBuilder<unknown>): RawBuilder<number> => sql<number>`ST_Area(${geom}::geography)`

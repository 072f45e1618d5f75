import { sql, type Transaction } from 'kysely'
import { problem, type GridTreeProblem } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'

/**
 * Geometric checks of a staged tree (temp table `grid_import`), run in PostGIS. Overlaps, spill-over and gaps are
 * measured as areas on the spheroid so that floating-point dust on shared edges is not mistaken for an error.
 */
export const OVERLAP_TOLERANCE_M2 = 1
export const OUTSIDE_TOLERANCE_M2 = 1
/** A gap is reported when the children leave more than this share of their parent uncovered. */
export const GAP_TOLERANCE_SHARE = 0.001

type Tx = Transaction<Database>

export async function findInvalidGeometries(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; reason: string }>`
    select idx, code, ST_IsValidReason(geom) reason from grid_import where not ST_IsValid(geom) order by idx`.execute(tx)
  return rows.map((r) => problem('INVALID_GEOMETRY', r.code, r.idx, `几何无效：${r.reason} / invalid geometry: ${r.reason}`))
}

export async function findOverlappingSiblings(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; other: string; m2: number }>`
    select a.idx, a.code, b.code other, ST_Area(ST_Intersection(a.geom, b.geom)::geography) m2
    from grid_import a
    join grid_import b on a.level = b.level and a.parent_code is not distinct from b.parent_code and a.idx < b.idx
    where a.geom && b.geom and ST_Relate(a.geom, b.geom, '2********')
      and ST_Area(ST_Intersection(a.geom, b.geom)::geography) > ${OVERLAP_TOLERANCE_M2}
    order by a.idx, b.idx`.execute(tx)
  return rows.map((r) =>
    problem('OVERLAPPING_SIBLINGS', r.code, r.idx, `与同级网格 ${r.other} 重叠 ${r.m2.toFixed(1)} m² / overlaps sibling ${r.other} by ${r.m2.toFixed(1)} m²`),
  )
}

export async function findChildrenOutsideParent(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; parent: string; m2: number }>`
    select c.idx, c.code, p.code parent, ST_Area(ST_Difference(c.geom, p.geom)::geography) m2
    from grid_import c join grid_import p on p.code = c.parent_code
    where not ST_CoveredBy(c.geom, p.geom)
      and ST_Area(ST_Difference(c.geom, p.geom)::geography) > ${OUTSIDE_TOLERANCE_M2}
    order by c.idx`.execute(tx)
  return rows.map((r) =>
    problem('OUTSIDE_PARENT', r.code, r.idx, `超出上级网格 ${r.parent} ${r.m2.toFixed(1)} m² / lies ${r.m2.toFixed(1)} m² outside its parent ${r.parent}`),
  )
}

export async function findGapsInParents(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; m2: number; share: number; lng: number; lat: number }>`
    with cover as (
      select p.idx, p.code, p.geom, ST_Union(c.geom) children
      from grid_import p left join grid_import c on c.parent_code = p.code
      where p.level < 3
      group by p.idx, p.code, p.geom
    ), gaps as (
      select idx, code, coalesce(ST_Difference(geom, children), geom) gap, ST_Area(geom::geography) parent_m2 from cover
    )
    select idx, code, ST_Area(gap::geography) m2, ST_Area(gap::geography) / parent_m2 share,
      ST_X(ST_PointOnSurface(gap)) lng, ST_Y(ST_PointOnSurface(gap)) lat
    from gaps
    where not ST_IsEmpty(gap) and ST_Area(gap::geography) / parent_m2 > ${GAP_TOLERANCE_SHARE}
    order by idx`.execute(tx)
  return rows.map((r) =>
    problem(
      'GAP_IN_PARENT',
      r.code,
      r.idx,
      `下级网格未覆盖 ${r.m2.toFixed(0)} m²（${(r.share * 100).toFixed(2)}%），如 (${r.lng.toFixed(6)}, ${r.lat.toFixed(6)}) / children leave a gap of ${r.m2.toFixed(0)} m², e.g. at that point`,
    ),
  )
}

import { sql, type Transaction } from 'kysely'
import { formatLocation, problem, type GridTreeProblem } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { locationColumns, locationOf, type LocatedRow } from './grid-import-location.ts'
import { areaM2, dustToleranceM2, GAP_TOLERANCE_SHARE } from './grid-import-tolerances.ts'

/**
 * Geometric checks of a staged tree (temp table `grid_import`), run in PostGIS. Overlaps, spill-over and gaps are
 * measured as areas on the spheroid, against tolerances relative to the polygons' size (grid-import-tolerances.ts),
 * so that floating-point dust on shared edges is not mistaken for an error. Each problem says where it is.
 */

type Tx = Transaction<Database>

export async function findInvalidGeometries(tx: Tx): Promise<GridTreeProblem[]> {
  // ST_IsValidDetail names the spot (a self-intersection, a ring touching itself): the point to look at.
  const { rows } = await sql<{ idx: number; code: string; reason: string } & LocatedRow>`
    select idx, code, d.reason, ${locationColumns(sql`coalesce(d.location, geom)`)}
    from grid_import, lateral ST_IsValidDetail(geom) d
    where not d.valid order by idx`.execute(tx)
  return rows.map((r) =>
    problem('INVALID_GEOMETRY', r.code, r.idx, `几何无效：${r.reason} / invalid geometry: ${r.reason}`, locationOf(r)),
  )
}

/**
 * Without bitmap scans for this one statement: PostgreSQL 15 plans the self-join on `a.geom && b.geom and a.idx <
 * b.idx` as a BitmapAnd of the GiST look-up with the primary key's `idx > a.idx` range, which reads half the staged
 * tree for every grid — quadratic, still running after 6 minutes at 106,116 grids (pnpm bench city's import).
 * Without them it is the GiST look-up and a filter. The setting is the transaction's, put back as it was after.
 */
export async function findOverlappingSiblings(tx: Tx): Promise<GridTreeProblem[]> {
  const {
    rows: [before],
  } = await sql<{ setting: string }>`
    select current_setting('enable_bitmapscan') as setting, set_config('enable_bitmapscan', 'off', true)`.execute(tx)
  try {
    return await overlappingSiblings(tx)
  } finally {
    await sql`select set_config('enable_bitmapscan', ${before?.setting ?? 'on'}, true)`.execute(tx)
  }
}

async function overlappingSiblings(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; other: string; m2: number } & LocatedRow>`
    select a.idx, a.code, b.code other, o.m2, ${locationColumns(sql`o.region`)}
    from grid_import a
    join grid_import b on a.level = b.level and a.parent_code is not distinct from b.parent_code and a.idx < b.idx
    cross join lateral (select ST_Intersection(a.geom, b.geom) region) i
    cross join lateral (select i.region, ${areaM2(sql`i.region`)} m2) o
    where a.geom && b.geom and ST_Relate(a.geom, b.geom, '2********')
      and o.m2 > ${dustToleranceM2(sql`least(${areaM2(sql`a.geom`)}, ${areaM2(sql`b.geom`)})`)}
    order by a.idx, b.idx`.execute(tx)
  return rows.map((r) => {
    const location = locationOf(r)
    const at = formatLocation(location)
    return problem(
      'OVERLAPPING_SIBLINGS',
      r.code,
      r.idx,
      `与同级网格 ${r.other} 重叠 ${r.m2.toFixed(1)} m²，位于 ${at} / overlaps sibling ${r.other} by ${r.m2.toFixed(1)} m² at ${at}`,
      location,
    )
  })
}

export async function findChildrenOutsideParent(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; parent: string; m2: number } & LocatedRow>`
    select c.idx, c.code, p.code parent, o.m2, ${locationColumns(sql`o.region`)}
    from grid_import c join grid_import p on p.code = c.parent_code
    cross join lateral (select ST_Difference(c.geom, p.geom) region) d
    cross join lateral (select d.region, ${areaM2(sql`d.region`)} m2) o
    where not ST_CoveredBy(c.geom, p.geom) and o.m2 > ${dustToleranceM2(areaM2(sql`c.geom`))}
    order by c.idx`.execute(tx)
  return rows.map((r) => {
    const location = locationOf(r)
    const at = formatLocation(location)
    return problem(
      'OUTSIDE_PARENT',
      r.code,
      r.idx,
      `超出上级网格 ${r.parent} ${r.m2.toFixed(1)} m²，位于 ${at} / lies ${r.m2.toFixed(1)} m² outside its parent ${r.parent}, at ${at}`,
      location,
    )
  })
}

/**
 * Gaps are measured by area: once siblings are known not to overlap and to lie inside their parent, the uncovered
 * share is exactly (parent − Σ children) / parent. This avoids a tree-wide ST_Union aggregate, which is slow and,
 * on the embedded PGlite build, silently returns no rows. Only the few gapped parents get a union, to say where.
 */
export async function findGapsInParents(tx: Tx): Promise<GridTreeProblem[]> {
  const { rows } = await sql<{ idx: number; code: string; m2: number; share: number }>`
    select p.idx, p.code, a.parent_m2 - a.children_m2 m2, (a.parent_m2 - a.children_m2) / a.parent_m2 share
    from grid_import p
    cross join lateral (
      select ST_Area(p.geom::geography) parent_m2,
        coalesce((select sum(ST_Area(c.geom::geography)) from grid_import c where c.parent_code = p.code), 0) children_m2
    ) a
    where p.level < 3 and (a.parent_m2 - a.children_m2) / a.parent_m2 > ${GAP_TOLERANCE_SHARE}
    order by p.idx
    limit 100`.execute(tx)
  const problems: GridTreeProblem[] = []
  for (const r of rows) {
    const location = await gapLocation(tx, r.code)
    const at = formatLocation(location)
    problems.push(
      problem(
        'GAP_IN_PARENT',
        r.code,
        r.idx,
        `下级网格未覆盖 ${r.m2.toFixed(0)} m²（${(r.share * 100).toFixed(2)}%）${at ? `，如 ${at}` : ''} / children leave ${r.m2.toFixed(0)} m² uncovered${at ? `, e.g. at ${at}` : ''}`,
        location,
      ),
    )
  }
  return problems
}

async function gapLocation(tx: Tx, parentCode: string) {
  const {
    rows: [row],
  } = await sql<LocatedRow>`
    select ${locationColumns(sql`x.region`)} from (
      select coalesce(ST_Difference(p.geom, (select ST_Union(c.geom) from grid_import c where c.parent_code = p.code)), p.geom) region
      from grid_import p where p.code = ${parentCode}
    ) x`.execute(tx)
  return row ? locationOf(row) : null
}

/** A grid the import would remove, with what still refers to it. */
export interface GridInUse {
  code: string
  name: string
  level: number
  incidents: number
  stations: number
  userScopes: number
}

/**
 * Grids of the current tree whose code the staged tree lacks (the merge would delete them) and that incidents,
 * stations or users' scopes still refer to. Incidents and stations would be orphaned (their keys forbid it: the
 * import failed with a bare foreign-key error), and a user would silently lose part of their scope. Incidents are
 * counted on the column of the grid's own level, so each count is one index range.
 */
export async function findRemovedGridsInUse(tx: Tx): Promise<GridInUse[]> {
  const { rows } = await sql<GridInUse>`
    select * from (
      select g.code, g.name, g.level,
        case g.level
          when 1 then (select count(*) from incidents i where i.grid_l1_id = g.id)
          when 2 then (select count(*) from incidents i where i.grid_l2_id = g.id)
          else (select count(*) from incidents i where i.grid_l3_id = g.id)
        end::int incidents,
        (select count(*) from stations s where s.grid_id = g.id)::int stations,
        (select count(*) from user_grids u where u.grid_id = g.id)::int "userScopes"
      from grids g
      where not exists (select 1 from grid_import s where s.code = g.code)
    ) removed
    where incidents > 0 or stations > 0 or "userScopes" > 0
    order by level, code`.execute(tx)
  return rows
}

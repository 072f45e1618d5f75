import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { GridImportChange, GridImportChangeKind } from '@wangge/grid'
import type { Database } from '../../../db/database-schema.ts'
import { locationColumns, locationOf, type LocatedRow } from './grid-import-location.ts'
import { areaM2, dustToleranceM2, sliverLimitM2 } from './grid-import-tolerances.ts'

/**
 * The import's optional repairs of a staged tree (temp table `grid_import`), run before its checks. Real boundary
 * files are drawn level by level by different hands: a parent is never exactly the union of its children, and
 * neighbours overlap by slivers. Each repair rewrites geometry in the staging table only (the transaction keeps the
 * import all or nothing) and returns every grid it changed, by how much and where. Differences under the dust
 * tolerance are left alone, so a consistent tree (the reference street's) comes through byte for byte.
 */

type Tx = Transaction<Database>

type ChangedRow = { idx: number; code: string; other: string | null; m2: number; before_m2: number; after_m2: number }

/** Polygons only: an intersection or a difference may also yield the shared edge or corner as lines or points. */
const polygonal = (geom: RawBuilder<unknown>) => sql`ST_Multi(ST_CollectionExtract(${geom}, 3))`

/** Areas, then communities, each replaced by the union of its (possibly just rebuilt) children. */
export async function deriveParentsFromChildren(tx: Tx): Promise<GridImportChange[]> {
  const changes: GridImportChange[] = []
  for (const level of [2, 1]) {
    const { rows } = await sql<ChangedRow & LocatedRow>`
      with derived as (
        select p.idx, ${polygonal(sql`ST_UnaryUnion(ST_Collect(c.geom))`)} geom
        from grid_import p join grid_import c on c.parent_code = p.code
        where p.level = ${level}
        group by p.idx
      ), measured as (
        select d.idx, d.geom, ST_SymDifference(p.geom, d.geom) region,
          ${areaM2(sql`p.geom`)} before_m2, ${areaM2(sql`d.geom`)} after_m2
        from derived d join grid_import p on p.idx = d.idx
      ), changed as (
        select m.*, ${areaM2(sql`m.region`)} m2 from measured m
      )
      update grid_import g set geom = c.geom
      from changed c
      where g.idx = c.idx and c.m2 > ${dustToleranceM2(sql`c.before_m2`)}
      returning g.idx, g.code, null other, c.m2, c.before_m2, c.after_m2, ${locationColumns(sql`c.region`)}`.execute(tx)
    changes.push(...rows.map((r) => change('DERIVED_FROM_CHILDREN', r)))
  }
  return changes
}

/**
 * Areas cut to their community, then unit grids to their (possibly just cut) area. A child more than half outside
 * its parent is left for the check to refuse: it is likelier hung from the wrong parent than drawn loosely.
 */
export async function clipChildrenToParents(tx: Tx): Promise<GridImportChange[]> {
  const changes: GridImportChange[] = []
  for (const level of [2, 3]) {
    const { rows } = await sql<ChangedRow & LocatedRow>`
      with clipped as (
        select ch.idx, p.code parent, ${polygonal(sql`ST_Intersection(ch.geom, p.geom)`)} geom,
          ST_Difference(ch.geom, p.geom) region, ${areaM2(sql`ch.geom`)} before_m2
        from grid_import ch join grid_import p on p.code = ch.parent_code
        where ch.level = ${level} and not ST_CoveredBy(ch.geom, p.geom)
      ), measured as (
        select k.*, ${areaM2(sql`k.region`)} m2, ${areaM2(sql`k.geom`)} after_m2 from clipped k
      )
      update grid_import g set geom = m.geom
      from measured m
      where g.idx = m.idx and m.m2 > ${dustToleranceM2(sql`m.before_m2`)} and m.after_m2 >= m.before_m2 / 2
      returning g.idx, g.code, m.parent other, m.m2, m.before_m2, m.after_m2, ${locationColumns(sql`m.region`)}`.execute(
      tx,
    )
    changes.push(...rows.map((r) => change('CLIPPED_TO_PARENT', r)))
  }
  return changes
}

/**
 * Overlaps between siblings above the dust tolerance and up to the sliver limit (a share of the smaller sibling):
 * the overlap is cut from the larger of the two, whose area changes least in proportion, and stays with the smaller
 * (file order breaks a tie). Larger overlaps are left for the check to refuse. Pairs are cut one at a time, each
 * against the geometries as the previous cuts left them. Cuts only take area away, so when no larger overlap was
 * found the overlap check has nothing left to find (`largerOverlaps` 0) and is skipped: the same self-join of every
 * level twice took 7 s of a 72 s import of 11,472 grids (load 12 on 2 cores).
 */
export async function snapSliversBetweenSiblings(
  tx: Tx,
): Promise<{ changes: GridImportChange[]; largerOverlaps: number }> {
  const { rows: overlaps } = await sql<{ larger: number; smaller: number; sliver: boolean }>`
    select case when s.a_m2 >= s.b_m2 then a.idx else b.idx end larger,
      case when s.a_m2 >= s.b_m2 then b.idx else a.idx end smaller,
      o.m2 <= ${sliverLimitM2(sql`least(s.a_m2, s.b_m2)`)} sliver
    from grid_import a
    join grid_import b on a.level = b.level and a.parent_code is not distinct from b.parent_code and a.idx < b.idx
    cross join lateral (select ${areaM2(sql`a.geom`)} a_m2, ${areaM2(sql`b.geom`)} b_m2) s
    cross join lateral (select ${areaM2(sql`ST_Intersection(a.geom, b.geom)`)} m2) o
    where a.geom && b.geom and ST_Relate(a.geom, b.geom, '2********')
      and o.m2 > ${dustToleranceM2(sql`least(s.a_m2, s.b_m2)`)}
    order by a.level, a.idx, b.idx`.execute(tx)
  const changes: GridImportChange[] = []
  for (const { larger, smaller } of overlaps.filter((o) => o.sliver)) {
    const {
      rows: [row],
    } = await sql<ChangedRow & LocatedRow>`
      with cut as (
        select l.idx, s.code other, ST_Intersection(l.geom, s.geom) region,
          ${polygonal(sql`ST_Difference(l.geom, s.geom)`)} geom, ${areaM2(sql`l.geom`)} before_m2
        from grid_import l, grid_import s where l.idx = ${larger} and s.idx = ${smaller}
      )
      update grid_import g set geom = c.geom
      from cut c
      where g.idx = c.idx
      returning g.idx, g.code, c.other, ${areaM2(sql`c.region`)} m2, c.before_m2, ${areaM2(sql`c.geom`)} after_m2,
        ${locationColumns(sql`c.region`)}`.execute(tx)
    if (row) changes.push(change('SLIVER_SNAPPED', row))
  }
  return { changes, largerOverlaps: overlaps.filter((o) => !o.sliver).length }
}

function change(kind: GridImportChangeKind, r: ChangedRow & LocatedRow): GridImportChange {
  const m2 = r.m2.toFixed(1)
  const before = r.before_m2.toFixed(0)
  const after = r.after_m2.toFixed(0)
  const messages: Record<GridImportChangeKind, string> = {
    DERIVED_FROM_CHILDREN: `按下级网格合并重建，变动 ${m2} m²（原 ${before} m²，现 ${after} m²）/ rebuilt as the union of its children: ${m2} m² changed (${before} m² before, ${after} m² after)`,
    CLIPPED_TO_PARENT: `裁剪到上级网格 ${r.other}，去掉 ${m2} m²（现 ${after} m²）/ clipped to its parent ${r.other}: ${m2} m² removed (${after} m² left)`,
    SLIVER_SNAPPED: `与同级网格 ${r.other} 重叠的 ${m2} m² 碎片划归 ${r.other} / the ${m2} m² sliver it overlapped sibling ${r.other} by was left to ${r.other}`,
  }
  return {
    kind,
    code: r.code,
    featureIndex: r.idx,
    changedM2: r.m2,
    areaBeforeM2: r.before_m2,
    areaAfterM2: r.after_m2,
    message: messages[kind],
    location: locationOf(r),
  }
}

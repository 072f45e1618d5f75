import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { INCIDENT_STATES, isTerminal } from '@wangge/workflow'
import type { IncidentClusters } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { BBox } from '../../../db/postgis.ts'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { overdueCondition, visibleIncidents, withLookups, type IncidentFilters } from './incident-list.ts'

/**
 * The finest zoom at which incident_cluster_cells counts the finished cases (migration 0078 fills zooms 0 to 18).
 * A view past it holds few enough cases to count row by row.
 */
export const CLUSTER_CELLS_MAX_ZOOM = 18

const FINISHED = INCIDENT_STATES.filter(isTerminal)

/**
 * The map's incidents for a city-wide view: every case the user may see under the filters (the map points' rule,
 * visibleIncidents), counted per cluster cell of the zoom, each cell at the mean position of its cases. At ten
 * million cases a view cannot carry points; it carries a few hundred cells whatever the count.
 *
 * A cell is a Web Mercator tile of zoom + 2 (64 pixels square on screen; SQL `map_cell_x` / `map_cell_y`, migration
 * 0078), and the view is widened to the cells it touches: a cell at the view's edge counts all its cases, so a
 * cluster keeps its count and place while the map pans.
 *
 * For a user who sees every case, the closed and rejected ones are read from their counts per cell
 * (incident_cluster_cells), kept by the database as cases end, when the filters ask nothing the counts cannot tell
 * (status only). A street's view of every status at ten million cases then reads its open cases and a few hundred
 * cells, not 276,000 rows (605 ms at the median that way, pnpm bench city).
 */
export async function incidentClusters(
  db: Kysely<Database>,
  user: SignedInUser,
  filters: IncidentFilters,
  zoom: number,
): Promise<IncidentClusters> {
  const statuses = filters.status?.length ? filters.status : [...INCIDENT_STATES]
  const fromCells: string[] = countsFromCells(user, filters, zoom) ? FINISHED.filter((s) => statuses.includes(s)) : []
  const caseByCase = statuses.filter((s) => !fromCells.includes(s))
  const z = sql.lit(zoom)
  const view = filters.bbox ? await cellsInView(db, filters.bbox, zoom) : null

  const parts: RawBuilder<unknown>[] = []
  if (caseByCase.length > 0) {
    // The view widened to its cells' outer edges.
    const cases = visibleIncidents(
      db,
      user,
      await withLookups(db, { ...filters, bbox: view?.edges, status: caseByCase }),
    ).select([
      sql<number>`map_cell_x(ST_X(i.location), ${z})`.as('x'),
      sql<number>`map_cell_y(ST_Y(i.location), ${z})`.as('y'),
      sql<number>`1`.as('count'),
      sql<number>`ST_X(i.location)`.as('lng_sum'),
      sql<number>`ST_Y(i.location)`.as('lat_sum'),
      sql<number>`${overdueCondition}::int`.as('overdue'),
    ])
    parts.push(sql`${cases}`)
  }
  if (fromCells.length > 0) {
    parts.push(sql`
      select k.x, k.y, k.count, k.lng_sum, k.lat_sum, 0 as overdue from incident_cluster_cells k
      where k.zoom = ${z} and k.status = any(${fromCells}::text[]) and k.count > 0
        ${view ? sql`and k.x between ${view.x0} and ${view.x1} and k.y between ${view.y0} and ${view.y1}` : sql``}`)
  }
  const { rows } = await sql<{ x: number; y: number; lng: number; lat: number; count: number; overdue: number }>`
    select c.x, c.y, sum(c.lng_sum) / sum(c.count) as lng, sum(c.lat_sum) / sum(c.count) as lat,
      sum(c.count)::int as count, sum(c.overdue)::int as overdue
    from (${sql.join(parts, sql` union all `)}) c
    group by c.x, c.y
    having sum(c.count) > 0`.execute(db)
  // A case on the widened view's outer edge lies in the next cell out: the cells are held to the view's range here,
  // after the count. In the query, a range over each case's cell made the planner expect one case in the view and
  // sort a city's open cases on disk (540 ms against 60 ms, EXPLAIN ANALYZE at ten million).
  const clusters = rows
    .filter((r) => !view || (r.x >= view.x0 && r.x <= view.x1 && r.y >= view.y0 && r.y <= view.y1))
    .map(({ x: _x, y: _y, ...cluster }) => cluster)
  return { total: clusters.reduce((sum, r) => sum + r.count, 0), clusters }
}

/** The cells a view touches at a zoom: x0–x1 west to east, y0–y1 north to south (tile order), and their outer edges. */
interface CellsInView {
  x0: number
  x1: number
  y0: number
  y1: number
  edges: BBox
}

/**
 * Read first, by the same SQL functions that place a case in its cell, so that the count's query holds constants:
 * with the view as a subquery's value, the planner could not tell how many cases it holds, and read a city's open
 * cases through the index in its order and sorted them on disk (800 ms at ten million, EXPLAIN ANALYZE).
 */
async function cellsInView(db: Kysely<Database>, [w, s, e, n]: BBox, zoom: number): Promise<CellsInView> {
  const z = sql.lit(zoom)
  const { rows } = await sql<Omit<CellsInView, 'edges'> & { west: number; south: number; east: number; north: number }>`
    select x0, x1, y0, y1, map_cell_lng(x0, ${z}) as west, map_cell_lat(y1 + 1, ${z}) as south,
      map_cell_lng(x1 + 1, ${z}) as east, map_cell_lat(y0, ${z}) as north
    from (select map_cell_x(${w}::float8, ${z}) as x0, map_cell_x(${e}::float8, ${z}) as x1,
      map_cell_y(${n}::float8, ${z}) as y0, map_cell_y(${s}::float8, ${z}) as y1) v`.execute(db)
  const { west, south, east, north, ...cells } = rows[0]!
  return { ...cells, edges: [west, south, east, north] }
}

/**
 * Whether the finished cases may come from their counts per cell: the user sees every case (a grid or reporter rule
 * is not in the counts), the zoom has counts, and the filters say nothing but the statuses and the view.
 */
function countsFromCells(user: SignedInUser, filters: IncidentFilters, zoom: number): boolean {
  const { status: _status, bbox: _bbox, ...others } = filters
  return (
    scopeOf(user).streetWide &&
    zoom <= CLUSTER_CELLS_MAX_ZOOM &&
    Object.values(others).every((value) => value === undefined)
  )
}

declare module 'fastify' {
  interface FastifyInstance {
    incidentClusters: (user: SignedInUser, filters: IncidentFilters, zoom: number) => Promise<IncidentClusters>
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('incidentClusters', (user: SignedInUser, filters: IncidentFilters, zoom: number) =>
      incidentClusters(fastify.kysely, user, filters, zoom),
    )
  },
  { name: 'incident-clusters', dependencies: ['database'] },
)

import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { INCIDENT_STATES, OPEN_STATES, SLA_RUNNING_STATES, isTerminal } from '@wangge/workflow'
import type { IncidentClusters } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { BBox } from '../../../db/postgis.ts'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { overdueCondition, visibleIncidents, withLookups, type IncidentFilters } from './incident-list.ts'

/**
 * The finest zoom at which incident_cluster_cells counts the cases (migrations 0078–0079 fill zooms 0 to 18).
 * A view past it holds few enough cases to count row by row.
 */
export const CLUSTER_CELLS_MAX_ZOOM = 18

const FINISHED = INCIDENT_STATES.filter(isTerminal)

/** The key under which migration 0079 counts every open case together. */
const OPEN_KEY = 'open'

/**
 * The map's incidents for a city-wide view: every case the user may see under the filters (the map points' rule,
 * visibleIncidents), counted per cluster cell of the zoom, each cell at the mean position of its cases. At ten
 * million cases a view cannot carry points; it carries a few hundred cells whatever the count.
 *
 * A cell is a Web Mercator tile of zoom + 2 (64 pixels square on screen; SQL `map_cell_x` / `map_cell_y`, migration
 * 0078), and the view is widened to the cells it touches: a cell at the view's edge counts all its cases, so a
 * cluster keeps its count and place while the map pans.
 *
 * For a user who sees every case, the database's counts per cell (incident_cluster_cells, migrations 0078–0079)
 * answer for the statuses they hold: each finished state, and every open state together. The filters must ask
 * nothing else the counts cannot tell (status only). The overdue cases among the open ones are still counted case by
 * case, because being overdue depends on the clock. A street's view of every status at ten million cases then reads a
 * few hundred cells, not 276,000 rows (605 ms at the median that way, pnpm bench city). The city's view of its open
 * cases reads cells, not its 48,000 open cases (about 100 ms at the median that way).
 */
export async function incidentClusters(
  db: Kysely<Database>,
  user: SignedInUser,
  filters: IncidentFilters,
  zoom: number,
): Promise<IncidentClusters> {
  const statuses = filters.status?.length ? filters.status : [...INCIDENT_STATES]
  const keys = countsFromCells(user, filters, zoom) ? cellKeys(statuses) : []
  const openFromCells = keys.includes(OPEN_KEY)
  const covered: readonly string[] = openFromCells ? [...keys, ...OPEN_STATES] : keys
  const caseByCase = statuses.filter((s) => !covered.includes(s))
  const z = sql.lit(zoom)
  const view = filters.bbox ? await cellsInView(db, filters.bbox, zoom) : null
  // The cases the query must read one by one, in the view widened to its cells' outer edges.
  const cases = async (only: IncidentFilters) =>
    visibleIncidents(db, user, await withLookups(db, { ...filters, bbox: view?.edges, ...only }))

  const parts: RawBuilder<unknown>[] = []
  if (caseByCase.length > 0) {
    const rows = (await cases({ status: caseByCase })).select(caseInCell(z, { counted: true }))
    parts.push(sql`${rows}`)
  }
  if (openFromCells) {
    // The open cases come from the counts; which of them are overdue, from the cases.
    const overdue = (await cases({ status: [...SLA_RUNNING_STATES], overdue: true })).select(
      caseInCell(z, { counted: false }),
    )
    parts.push(sql`${overdue}`)
  }
  if (keys.length > 0) {
    // The counts and the changes not yet folded into them (migration 0079), read in this one statement.
    const inView = (table: string) => sql`
      select k.x, k.y, k.count, k.lng_sum, k.lat_sum, 0 as overdue from ${sql.table(table)} k
      where k.zoom = ${z} and k.status = any(${keys}::text[])
        ${view ? sql`and k.x between ${view.x0} and ${view.x1} and k.y between ${view.y0} and ${view.y1}` : sql``}`
    parts.push(sql`${inView('incident_cluster_cells')} and k.count > 0`, inView('incident_cluster_cell_changes'))
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

/**
 * A case's cell at the zoom and what it adds to the cell, in the columns the counts per cell have. A counted case adds
 * itself and its position to the sums, and 1 to the overdue when it is; a case read only to say it is overdue (its
 * count came from the cells) adds that 1 alone.
 */
function caseInCell(z: RawBuilder<unknown>, { counted }: { counted: boolean }) {
  return [
    sql<number>`map_cell_x(ST_X(i.location), ${z})`.as('x'),
    sql<number>`map_cell_y(ST_Y(i.location), ${z})`.as('y'),
    sql<number>`${sql.lit(counted ? 1 : 0)}`.as('count'),
    (counted ? sql<number>`ST_X(i.location)` : sql<number>`0`).as('lng_sum'),
    (counted ? sql<number>`ST_Y(i.location)` : sql<number>`0`).as('lat_sum'),
    (counted ? sql<number>`${overdueCondition}::int` : sql<number>`1`).as('overdue'),
  ]
}

/**
 * The keys of the counts per cell that answer for these statuses: each finished state asked for, and the open key
 * when every open state is asked for (a part of them still counts case by case).
 */
function cellKeys(statuses: string[]): string[] {
  const keys: string[] = FINISHED.filter((s) => statuses.includes(s))
  if (OPEN_STATES.every((s) => statuses.includes(s))) keys.push(OPEN_KEY)
  return keys
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
 * Whether cases may come from their counts per cell: the user sees every case (a grid or reporter rule
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

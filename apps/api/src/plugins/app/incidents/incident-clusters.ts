import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { INCIDENT_STATES, isTerminal } from '@wangge/workflow'
import type { IncidentClusters } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
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
  // The view's cells (x0–x1 west to east, y0–y1 north to south, in tile order), by the same SQL that places a case.
  const view = filters.bbox
    ? sql`with view_cells as (select map_cell_x(${filters.bbox[0]}::float8, ${z}) as x0,
        map_cell_x(${filters.bbox[2]}::float8, ${z}) as x1, map_cell_y(${filters.bbox[3]}::float8, ${z}) as y0,
        map_cell_y(${filters.bbox[1]}::float8, ${z}) as y1)`
    : sql``
  const inView = (c: string) =>
    filters.bbox ? sql`and ${sql.ref(c)}.x between v.x0 and v.x1 and ${sql.ref(c)}.y between v.y0 and v.y1` : sql``
  const viewCells = filters.bbox ? sql`, view_cells v` : sql``

  const parts: RawBuilder<unknown>[] = []
  if (caseByCase.length > 0) {
    const cases = visibleIncidents(db, user, await withLookups(db, { ...filters, bbox: undefined, status: caseByCase }))
      // The view widened to its cells' outer edges.
      .$if(filters.bbox !== undefined, (q) =>
        q.where(
          sql<boolean>`i.location && (select ST_MakeEnvelope(map_cell_lng(v.x0, ${z}), map_cell_lat(v.y1 + 1, ${z}),
            map_cell_lng(v.x1 + 1, ${z}), map_cell_lat(v.y0, ${z}), 4326) from view_cells v)`,
        ),
      )
      .select([
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
      select k.x, k.y, k.count, k.lng_sum, k.lat_sum, 0 as overdue from incident_cluster_cells k ${viewCells}
      where k.zoom = ${z} and k.status = any(${fromCells}::text[]) and k.count > 0 ${inView('k')}`)
  }
  // A case on the widened view's outer edge lies in the next cell out: the cells are held to the view's range.
  const { rows } = await sql<{ lng: number; lat: number; count: number; overdue: number }>`
    ${view}
    select sum(c.lng_sum) / sum(c.count) as lng, sum(c.lat_sum) / sum(c.count) as lat, sum(c.count)::int as count,
      sum(c.overdue)::int as overdue
    from (${sql.join(parts, sql` union all `)}) c ${viewCells}
    where true ${inView('c')}
    group by c.x, c.y
    having sum(c.count) > 0`.execute(db)
  return { total: rows.reduce((sum, r) => sum + r.count, 0), clusters: rows }
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

import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { IncidentClusters } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { overdueCondition, visibleIncidents, withLookups, type IncidentFilters } from './incident-list.ts'

/**
 * A cluster's cell on screen, in pixels at the zoom asked: about the size of a cluster badge, so two badges never
 * cover each other by more than half.
 */
const CELL_PX = 64

/**
 * The map's incidents for a city-wide view: every case the user may see under the filters (the map points' rule,
 * visibleIncidents), counted per square cell of the zoom's grid, each cell at the mean position of its
 * cases. At ten million cases a view cannot carry points; it carries a few hundred cells whatever the count.
 * The cell is square on screen: its height in degrees shrinks with the cosine of the view's latitude.
 */
export async function incidentClusters(
  db: Kysely<Database>,
  user: SignedInUser,
  filters: IncidentFilters,
  zoom: number,
): Promise<IncidentClusters> {
  const width = ((360 / 256) * CELL_PX) / 2 ** zoom
  const latitude = filters.bbox ? (filters.bbox[1] + filters.bbox[3]) / 2 : 0
  const height = width * Math.cos((latitude * Math.PI) / 180)
  const visible = visibleIncidents(db, user, await withLookups(db, filters)).select([
    sql<number>`ST_X(i.location)`.as('x'),
    sql<number>`ST_Y(i.location)`.as('y'),
    overdueCondition.as('overdue'),
  ])
  // Grouped by the cell's column and row as integers, hashed: grouping by the snapped point sorted every case's
  // geometry (a street's view of every status, 229,000 cases at ten million: 370–410 ms against 240 ms, EXPLAIN
  // ANALYZE beside a running roll-up rebuild).
  const { rows } = await sql<{ lng: number; lat: number; count: number; overdue: number }>`
    select avg(v.x) as lng, avg(v.y) as lat, count(*)::int as count,
      (count(*) filter (where v.overdue))::int as overdue
    from (${visible}) v
    group by floor(v.x / ${width}::float8)::int8, floor(v.y / ${height}::float8)::int8`.execute(db)
  return { total: rows.reduce((sum, r) => sum + r.count, 0), clusters: rows }
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

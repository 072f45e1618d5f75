import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import { OPEN_STATES } from '@wangge/workflow'
import type { IncidentGridLoads } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { overdueCondition, visibleIncidents, withLookups, type IncidentFilters } from './incident-list.ts'

/** The incident chain column that holds a case's grid of each level. */
const CHAIN_COLUMN = { 1: 'i.grid_l1_id', 2: 'i.grid_l2_id', 3: 'i.grid_l3_id' } as const

/**
 * The open cases in view per grid of one level, and how many of them are overdue: the live map's grid tint when the
 * map is a city's and its points are only the newest 5,000. The same cases as the map's points (visibleIncidents
 * under the filters, the view as a box), of them the open ones: a finished case tints nothing. A grid reaching past
 * the view counts the cases inside it. At ten million cases the open ones have their own location index (0076).
 */
export async function incidentGridLoads(
  db: Kysely<Database>,
  user: SignedInUser,
  filters: IncidentFilters,
  level: 1 | 2 | 3,
): Promise<IncidentGridLoads> {
  const status = filters.status?.length
    ? filters.status.filter((s) => (OPEN_STATES as readonly string[]).includes(s))
    : [...OPEN_STATES]
  if (status.length === 0) return { level, grids: [] }
  const grid = sql.ref(CHAIN_COLUMN[level])
  const rows = await visibleIncidents(db, user, await withLookups(db, { ...filters, status }))
    .select([
      sql<number>`${grid}`.as('id'),
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) filter (where ${overdueCondition}))::int`.as('overdue'),
    ])
    .groupBy(grid)
    .execute()
  return { level, grids: rows }
}

declare module 'fastify' {
  interface FastifyInstance {
    incidentGridLoads: (user: SignedInUser, filters: IncidentFilters, level: 1 | 2 | 3) => Promise<IncidentGridLoads>
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('incidentGridLoads', (user: SignedInUser, filters: IncidentFilters, level: 1 | 2 | 3) =>
      incidentGridLoads(fastify.kysely, user, filters, level),
    )
  },
  { name: 'incident-grid-loads', dependencies: ['database'] },
)

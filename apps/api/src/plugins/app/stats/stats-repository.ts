import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import { INCIDENT_SOURCE_ZH, INCIDENT_SOURCES } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from '../incidents/incident-visibility.ts'
import { registryIndicators } from '../registry/registry-indicators.ts'

export type IndicatorGrouping =
  { by: 'grid'; level: 1 | 2 | 3 } | { by: 'department' } | { by: 'worker' } | { by: 'source' }

/** The sources as rows to join on (id, code, zh-CN name): a source is a column, not a table. */
const SOURCE_ROWS = sql.join(
  INCIDENT_SOURCES.map((s, i) => sql`(${sql.lit(i + 1)}, ${sql.lit(s)}, ${sql.lit(INCIDENT_SOURCE_ZH[s])})`),
)

/** One incident reported in the period, under the key (grid, department, worker) it is counted for. */
export interface IncidentOutcome {
  id: number
  code: string
  name: string
  registered: boolean
  closed: boolean
  on_time: boolean
  dispatched: boolean
  reworked: boolean
  extended: boolean
  dispatched_at: Date | null
  handled_at: Date | null
}

/**
 * What the indicators are counted from: the incidents the user may see, reported in [from, to), keyed by grouping;
 * and the registry's figures in the user's scope (the registry's own implementation, which its page reads too).
 */
export function createStatsRepository(db: Kysely<Database>) {
  return {
    registryIndicators: (user: SignedInUser, quarter?: string) => registryIndicators(db, user, quarter),
    async incidentOutcomes(
      user: SignedInUser,
      grouping: IndicatorGrouping,
      range: { from: Date; to: Date },
    ): Promise<IncidentOutcome[]> {
      const group =
        grouping.by === 'grid'
          ? sql`join grids k on k.id = ${sql.ref(`i.grid_l${grouping.level}_id`)}`
          : grouping.by === 'department'
            ? sql`join departments k on k.id = i.assignee_department_id`
            : grouping.by === 'source'
              ? sql`join (values ${SOURCE_ROWS}) as k (id, code, name) on k.code = i.source`
              : sql`join users k on k.id = i.assignee_user_id and k.role = 'worker'`
      const keyCode = grouping.by === 'worker' ? sql`k.phone` : sql`k.code`
      const visible = incidentRowVisibleTo(user)
      const { rows } = await sql<IncidentOutcome>`
        select k.id, ${keyCode} as code, k.name,
          (i.registered_at is not null or i.self_handled) as registered, i.status = 'closed' as closed, coalesce(i.closed_on_time, false) as on_time,
          i.dispatched_at is not null as dispatched, i.rework_count > 0 as reworked, i.extension_count > 0 as extended, i.dispatched_at, i.handled_at
        from incidents i ${group}
        where i.created_at >= ${range.from} and i.created_at < ${range.to} and ${visible}`.execute(db)
      return rows
    },
  }
}

export type StatsRepository = ReturnType<typeof createStatsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    statsRepository: StatsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('statsRepository', createStatsRepository(fastify.kysely))
  },
  { name: 'stats-repository', dependencies: ['database'] },
)

import fp from 'fastify-plugin'
import type {} from '../../external/database.ts'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { instantParameter } from '../../../db/shanghai-time.ts'
import { MEASURE_NAMES, type Measures } from './rollup-measures.ts'
import { periodRows, type Period } from './dashboard-period.ts'
import { stationFigures } from './station-figures.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/**
 * Which areas (片区, level 2) a dashboard reads: all, or those inside the user's scope. The roll-ups are kept per area
 * (migration 0030), so a community supervisor's figures are the sums over its areas — nothing from outside them.
 */
export type AreaScope = { all: true } | { all: false; areaIds: number[] }

export type RankingLevel = 1 | 2 | 3
export type Bucket = 'day' | 'week'

const SUMS = sql.raw(MEASURE_NAMES.map((m) => `sum(r.${m})::float8 as ${m}`).join(', '))

function inScope(scope: AreaScope): RawBuilder<boolean> {
  return scope.all ? sql<boolean>`true` : sql<boolean>`r.grid_l2_id = any(${scope.areaIds}::int[])`
}

/** node-postgres reads a float8 as a number; sums of integer counts stay exact far past a year of cases. */
type Summed<T> = T & Measures

export function createDashboardRepository(db: Kysely<Database>) {
  return {
    /** The areas under the given scope roots (a community, an area; a unit-grid root gives none). */
    async areasWithin(rootIds: readonly number[]): Promise<number[]> {
      if (rootIds.length === 0) return []
      const { rows } = await sql<{ id: number }>`
        select g.id from grids g
        where g.level = 2 and (g.id = any(${[...rootIds]}::int[]) or g.parent_id = any(${[...rootIds]}::int[]))
        order by g.id`.execute(db)
      return rows.map((r) => r.id)
    },

    async totals(scope: AreaScope, period: Period): Promise<Measures> {
      const { rows } = await sql<Measures>`
        select ${SUMS} from dashboard_area_days r where ${periodRows(period)} and ${inScope(scope)}`.execute(db)
      return zeroNulls(rows[0]!)
    },

    /** Day rows only: a trend needs the days. A year per week reads ~365 × (areas × sources) small rows. */
    async trend(scope: AreaScope, period: Period, bucket: Bucket): Promise<Summed<{ start: string }>[]> {
      const start = bucket === 'day' ? sql`r.day` : sql`date_trunc('week', r.day)::date`
      const { rows } = await sql<Summed<{ start: string }>>`
        select to_char(${start}, 'YYYY-MM-DD') as start, ${SUMS}
        from dashboard_area_days r
        where r.span = 'day' and r.day between ${period.from}::date and ${period.to}::date and ${inScope(scope)}
        group by 1 order by 1`.execute(db)
      return rows
    },

    async bySource(scope: AreaScope, period: Period): Promise<Summed<{ source: string }>[]> {
      const { rows } = await sql<Summed<{ source: string }>>`
        select r.source, ${SUMS} from dashboard_area_days r
        where ${periodRows(period)} and ${inScope(scope)} group by r.source order by r.source`.execute(db)
      return rows
    },

    async byGrid(
      scope: AreaScope,
      period: Period,
      level: RankingLevel,
    ): Promise<Summed<{ id: number; code: string; name: string }>[]> {
      const table = level === 3 ? sql`dashboard_grid_days` : sql`dashboard_area_days`
      const key = sql.ref(`r.grid_l${level}_id`)
      const { rows } = await sql<Summed<{ id: number; code: string; name: string }>>`
        select g.id, g.code, g.name, s.* from (
          select ${key} as grid_id, ${SUMS} from ${table} r
          where ${periodRows(period)} and ${inScope(scope)} group by ${key}
        ) s join grids g on g.id = s.grid_id order by g.code`.execute(db)
      return rows
    },

    async byDepartment(
      scope: AreaScope,
      period: Period,
    ): Promise<Summed<{ id: number; code: string; name: string }>[]> {
      const { rows } = await sql<Summed<{ id: number; code: string; name: string }>>`
        select d.id, d.code, d.name, s.* from (
          select r.department_id, ${SUMS} from dashboard_assignee_days r
          where ${periodRows(period)} and ${inScope(scope)} and r.department_id is not null group by r.department_id
        ) s join departments d on d.id = s.department_id order by d.code`.execute(db)
      return rows
    },

    /** Cases assigned to grid workers (as the statistics API counts them); the phone goes out masked. */
    async byWorker(scope: AreaScope, period: Period): Promise<Summed<{ id: number; code: string; name: string }>[]> {
      const { rows } = await sql<Summed<{ id: number; code: string; name: string }>>`
        select u.id, u.phone as code, u.name, s.* from (
          select r.worker_id, ${SUMS} from dashboard_assignee_days r
          where ${periodRows(period)} and ${inScope(scope)} and r.worker_id is not null group by r.worker_id
        ) s join users u on u.id = s.worker_id and u.role = 'worker' order by u.phone`.execute(db)
      return rows
    },

    async byCategory(
      scope: AreaScope,
      period: Period,
    ): Promise<
      Summed<{ id: number; code: string; name: string; group_id: number; group_code: string; group_name: string }>[]
    > {
      const { rows } = await sql<
        Summed<{ id: number; code: string; name: string; group_id: number; group_code: string; group_name: string }>
      >`
        select c.id, c.code, c.name, p.id as group_id, p.code as group_code, p.name as group_name, s.* from (
          select r.category_id, ${SUMS} from dashboard_category_days r
          where ${periodRows(period)} and ${inScope(scope)} group by r.category_id
        ) s join categories c on c.id = s.category_id join categories p on p.id = c.parent_id
        order by p.code, c.code`.execute(db)
      return rows
    },

    /** Cases open and overdue now: read from the incidents (the roll-ups count by reporting day, not by "now"). */
    async openNow(scope: AreaScope, now: Date): Promise<{ open: number; overdue: number }> {
      const where = scope.all ? sql`true` : sql`i.grid_l2_id = any(${scope.areaIds}::int[])`
      const { rows } = await sql<{ open: number; overdue: number }>`
        select count(*)::int as open,
          (count(*) filter (where i.status in ('dispatched', 'in_progress') and i.due_at < ${instantParameter(now)}))::int as overdue
        from incidents i
        where i.status in ('reported', 'registered', 'dispatched', 'in_progress', 'handled') and ${where}`.execute(db)
      return rows[0]!
    },

    stationFigures: (user: SignedInUser, points: readonly Date[]) => stationFigures(db, user, points),
  }
}

function zeroNulls(m: Measures): Measures {
  return Object.fromEntries(MEASURE_NAMES.map((k) => [k, Number(m[k] ?? 0)])) as unknown as Measures
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>

declare module 'fastify' {
  interface FastifyInstance {
    dashboardRepository: DashboardRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('dashboardRepository', createDashboardRepository(fastify.kysely))
  },
  { name: 'dashboard-repository', dependencies: ['database'] },
)

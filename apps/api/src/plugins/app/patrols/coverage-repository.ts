import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { GridCoverage, WorkerCoverage } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { gridWithinScope, userWithinScope, type GridScope } from '../accounts/grid-scope.ts'
import type { Period } from './periods.ts'
import type {} from './patrol-tables.ts'

/**
 * A patrol visited a unit grid in a period when its time in the grid (first to last segment there) overlaps the
 * period; each patrol counts once per grid, however often it crossed it.
 */
const visitedIn = (period: Period) =>
  sql<boolean>`pg.last_at >= ${period.from}::timestamptz and pg.first_at < ${period.to}::timestamptz`

/**
 * Each worker's unit grids: the level-3 grids at or under the grids they are assigned (user_grids), however high
 * those are. A SQL fragment of (worker_id, grid_id) rows over `workers` (a CTE of id, name).
 */
const WORKER_UNIT_GRIDS = sql`
  select ug.user_id as worker_id, g.id as grid_id
  from user_grids ug join grids g on g.id = ug.grid_id and g.level = 3
  where ug.user_id in (select id from workers)
  union all
  select ug.user_id, g.id
  from user_grids ug join grids g on g.parent_id = ug.grid_id and g.level = 3
  where ug.user_id in (select id from workers)
  union all
  select ug.user_id, g.id
  from user_grids ug join grids a on a.parent_id = ug.grid_id join grids g on g.parent_id = a.id and g.level = 3
  where ug.user_id in (select id from workers)`

export function createCoverageRepository(db: Kysely<Database>) {
  return {
    /** Unit grids in the scope (optionally under `underGridId`): last patrolled, days since, visits in the week. */
    async grids(scope: GridScope, underGridId: number | undefined, week: Period): Promise<GridCoverage[]> {
      const rows = await db
        .selectFrom('grids as g')
        .select([
          'g.id',
          'g.code',
          'g.name',
          sql<Date | null>`(select max(pg.last_at) from patrol_grids pg where pg.grid_id = g.id)`.as('last'),
          sql<number>`(select count(*) from patrol_grids pg where pg.grid_id = g.id and ${visitedIn(week)})::int`.as(
            'visits',
          ),
        ])
        .where('g.level', '=', 3)
        .where((eb) => gridWithinScope(scope, eb.ref('g.id')))
        .$if(underGridId !== undefined, (qb) =>
          qb.where((eb) => gridWithinScope({ streetWide: false, rootIds: [underGridId!] }, eb.ref('g.id'))),
        )
        .orderBy('g.code')
        .execute()
      const now = Date.now()
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        lastPatrolledAt: r.last ? r.last.toISOString() : null,
        daysSince: r.last ? Math.floor((now - r.last.getTime()) / 86_400_000) : null,
        weekVisits: r.visits,
      }))
    },

    /** Per active worker in the scope: their unit grids and how many of them their own patrols visited in the period. */
    async workers(scope: GridScope, period: Period): Promise<WorkerCoverage[]> {
      const { rows } = await sql<WorkerCoverage>`
        with workers as (
          select u.id, u.name from users u
          where u.role = 'worker' and u.active and ${userWithinScope(scope, sql.ref('u.id'))}
        ), unit as (${WORKER_UNIT_GRIDS}),
        visited as (
          select distinct p.worker_id, pg.grid_id
          from patrols p join patrol_grids pg on pg.patrol_id = p.id
          where p.worker_id in (select id from workers) and ${visitedIn(period)}
        )
        select w.id as "workerId", w.name,
          count(unit.grid_id)::int as "unitGrids",
          count(visited.grid_id)::int as "visitedGrids",
          coalesce(round(count(visited.grid_id)::numeric / nullif(count(unit.grid_id), 0), 4), 0)::float8 as share
        from workers w
        left join unit on unit.worker_id = w.id
        left join visited on visited.worker_id = w.id and visited.grid_id = unit.grid_id
        group by w.id, w.name
        order by w.id`.execute(db)
      return rows
    },

    /** Unit grids in the scope with fewer than `required` patrols in the week, with the workers responsible. */
    async missing(scope: GridScope, week: Period, required: number) {
      const { rows } = await sql<{
        id: number
        code: string
        name: string
        visits: number
        workers: { id: number; name: string }[]
      }>`
        with workers as (
          select u.id, u.name from users u where u.role = 'worker' and u.active
        ), unit as (${WORKER_UNIT_GRIDS}),
        grid_visits as (
          select g.id, g.code, g.name,
            (select count(*) from patrol_grids pg where pg.grid_id = g.id and ${visitedIn(week)})::int as visits
          from grids g
          where g.level = 3 and ${gridWithinScope(scope, sql.ref('g.id'))}
        )
        select gv.id, gv.code, gv.name, gv.visits,
          coalesce(json_agg(json_build_object('id', w.id, 'name', w.name) order by w.id) filter (where w.id is not null),
            '[]'::json) as workers
        from grid_visits gv
        left join unit on unit.grid_id = gv.id
        left join workers w on w.id = unit.worker_id
        where gv.visits < ${required}::int
        group by gv.id, gv.code, gv.name, gv.visits
        order by gv.visits, gv.code`.execute(db)
      return rows
    },

    async unitGridCount(scope: GridScope): Promise<number> {
      const row = await db
        .selectFrom('grids as g')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('g.level', '=', 3)
        .where((eb) => gridWithinScope(scope, eb.ref('g.id')))
        .executeTakeFirstOrThrow()
      return row.n
    },
  }
}

export type CoverageRepository = ReturnType<typeof createCoverageRepository>

declare module 'fastify' {
  interface FastifyInstance {
    coverageRepository: CoverageRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('coverageRepository', createCoverageRepository(fastify.kysely))
  },
  { name: 'coverage-repository', dependencies: ['database'] },
)

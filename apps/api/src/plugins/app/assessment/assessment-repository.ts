import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type ColumnType, type Kysely } from 'kysely'
import type { AssessmentSheets, AssessmentWeight } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import { createCoverageRepository } from '../patrols/coverage-repository.ts'
import type { Period } from '../patrols/periods.ts'
import type { Weights } from './assessment-indicators.ts'

interface AssessmentWeightsTable {
  sheet: 'worker' | 'department' | 'community'
  indicator: string
  weight: number
  target: number
  updated_at: ColumnType<Date, Date | undefined, Date>
}

interface AssessmentMonthsTable {
  month: string
  closed_at: ColumnType<Date, Date | undefined, never>
  closed_by: number
  sheets: ColumnType<AssessmentSheets, string, never>
}

// The assessment tables join the schema from here (database-schema.ts is shared).
declare module '../../../db/database-schema.ts' {
  interface Database {
    assessment_weights: AssessmentWeightsTable
    assessment_months: AssessmentMonthsTable
  }
}

/** A subject's raw figures for a period, before scoring. */
export interface SubjectFigures {
  id: number
  name: string
  figures: Record<string, number | null>
}

const rate = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10000) / 10000
const hours = (h: number | null): number | null => (h === null ? null : Math.round(h * 10) / 10)

export function createAssessmentRepository(db: Kysely<Database>) {
  return transactional(db, (q) => assessmentQueries(q))
}

function assessmentQueries(db: Kysely<Database>) {
  const coverage = createCoverageRepository(db)
  return {
    async weights(): Promise<Weights> {
      const rows = await db.selectFrom('assessment_weights').selectAll().execute()
      const weights: Weights = { worker: {}, department: {}, community: {} }
      for (const r of rows) weights[r.sheet][r.indicator] = { weight: r.weight, target: r.target }
      return weights
    },

    async weightList(): Promise<AssessmentWeight[]> {
      return db
        .selectFrom('assessment_weights')
        .select(['sheet', 'indicator', 'weight', 'target'])
        .orderBy('sheet')
        .orderBy('indicator')
        .execute()
    },

    async replaceWeights(rows: readonly AssessmentWeight[]): Promise<void> {
      for (const r of rows)
        await db
          .updateTable('assessment_weights')
          .set({ weight: r.weight, target: r.target, updated_at: new Date() })
          .where('sheet', '=', r.sheet)
          .where('indicator', '=', r.indicator)
          .execute()
    },

    /**
     * Every active grid worker: reports filed in the period, the valid ones (registered, not rejected — still
     * `reported` is not yet valid), self-handled ones, hours on patrol inside the period, and the share of their
     * unit grids their patrols visited in it.
     */
    async workerFigures(period: Period): Promise<SubjectFigures[]> {
      const { rows } = await sql<{
        id: number
        name: string
        reports: number
        valid: number
        self_handled: number
        patrol_hours: number | null
      }>`
        with reports as (
          select reporter_id,
            count(*)::int as reports,
            count(*) filter (where status not in ('reported', 'rejected'))::int as valid,
            count(*) filter (where self_handled)::int as self_handled
          from incidents
          where created_at >= ${period.from}::timestamptz and created_at < ${period.to}::timestamptz
          group by reporter_id
        ), patrol_time as (
          select worker_id, sum(extract(epoch from
              least(coalesce(ended_at, last_at, started_at), ${period.to}::timestamptz)
              - greatest(started_at, ${period.from}::timestamptz))) / 3600 as hours
          from patrols
          where started_at < ${period.to}::timestamptz and coalesce(ended_at, last_at, started_at) > ${period.from}::timestamptz
          group by worker_id
        )
        select u.id, u.name, coalesce(r.reports, 0) as reports, coalesce(r.valid, 0) as valid,
          coalesce(r.self_handled, 0) as self_handled, pt.hours::float8 as patrol_hours
        from users u
        left join reports r on r.reporter_id = u.id
        left join patrol_time pt on pt.worker_id = u.id
        where u.role = 'worker' and u.active
        order by u.id`.execute(db)
      const shares = new Map(
        (await coverage.workers({ streetWide: true, rootIds: [] }, period)).map((w) => [w.workerId, w]),
      )
      return rows.map((r) => {
        const c = shares.get(r.id)
        return {
          id: r.id,
          name: r.name,
          figures: {
            reports: r.reports,
            validRate: rate(r.valid, r.reports),
            coverage: c && c.unitGrids > 0 ? c.share : null,
            patrolHours: hours(r.patrol_hours ?? 0),
            selfHandled: r.self_handled,
          },
        }
      })
    },

    /**
     * Every department, over the cases it handled (reported back) in the period: handled by the due time, sent back
     * for rework at least once, extended at least once, and the mean hours from dispatch to handling.
     */
    async departmentFigures(period: Period): Promise<SubjectFigures[]> {
      const { rows } = await sql<{
        id: number
        name: string
        handled: number
        on_time: number
        with_due: number
        reworked: number
        extended: number
        avg_hours: number | null
      }>`
        select d.id, d.name,
          count(i.id)::int as handled,
          count(i.id) filter (where i.due_at is not null and i.handled_at <= i.due_at)::int as on_time,
          count(i.id) filter (where i.due_at is not null)::int as with_due,
          count(i.id) filter (where i.rework_count > 0)::int as reworked,
          count(i.id) filter (where i.extension_count > 0)::int as extended,
          (avg(extract(epoch from i.handled_at - i.dispatched_at)) filter (where i.dispatched_at is not null) / 3600)::float8 as avg_hours
        from departments d
        left join incidents i on i.assignee_department_id = d.id
          and i.handled_at >= ${period.from}::timestamptz and i.handled_at < ${period.to}::timestamptz
        group by d.id, d.name
        order by d.id`.execute(db)
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        figures: {
          onTimeRate: rate(r.on_time, r.with_due),
          reworkRate: rate(r.reworked, r.handled),
          extensionRate: rate(r.extended, r.handled),
          avgHandlingHours: hours(r.avg_hours),
        },
      }))
    },

    /**
     * Every community (level-1 grid): of the reports filed in it in the period, the valid share and the share now
     * closed among the registered; of the cases handled in it in the period, the share by the due time; and the
     * share of its unit grids any patrol visited in the period.
     */
    async communityFigures(period: Period): Promise<SubjectFigures[]> {
      const { rows } = await sql<{
        id: number
        name: string
        reports: number
        valid: number
        registered: number
        closed: number
        on_time: number
        with_due: number
        unit_grids: number
        visited: number
      }>`
        with filed as (
          select grid_l1_id as id,
            count(*)::int as reports,
            count(*) filter (where status not in ('reported', 'rejected'))::int as valid,
            count(*) filter (where registered_at is not null and status <> 'rejected')::int as registered,
            count(*) filter (where registered_at is not null and status = 'closed')::int as closed
          from incidents
          where created_at >= ${period.from}::timestamptz and created_at < ${period.to}::timestamptz
          group by grid_l1_id
        ), handled as (
          select grid_l1_id as id,
            count(*) filter (where due_at is not null and handled_at <= due_at)::int as on_time,
            count(*) filter (where due_at is not null)::int as with_due
          from incidents
          where handled_at >= ${period.from}::timestamptz and handled_at < ${period.to}::timestamptz
          group by grid_l1_id
        ), units as (
          select c.id, count(g.id)::int as unit_grids,
            count(g.id) filter (where exists (
              select 1 from patrol_grids pg where pg.grid_id = g.id
                and pg.last_at >= ${period.from}::timestamptz and pg.first_at < ${period.to}::timestamptz))::int as visited
          from grids c
          join grids a on a.parent_id = c.id
          join grids g on g.parent_id = a.id
          where c.level = 1
          group by c.id
        )
        select c.id, c.name, coalesce(f.reports, 0) as reports, coalesce(f.valid, 0) as valid,
          coalesce(f.registered, 0) as registered, coalesce(f.closed, 0) as closed,
          coalesce(h.on_time, 0) as on_time, coalesce(h.with_due, 0) as with_due,
          coalesce(u.unit_grids, 0) as unit_grids, coalesce(u.visited, 0) as visited
        from grids c
        left join filed f on f.id = c.id
        left join handled h on h.id = c.id
        left join units u on u.id = c.id
        where c.level = 1
        order by c.code`.execute(db)
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        figures: {
          validRate: rate(r.valid, r.reports),
          onTimeRate: rate(r.on_time, r.with_due),
          closeRate: rate(r.closed, r.registered),
          coverage: rate(r.visited, r.unit_grids),
        },
      }))
    },

    async closedMonth(month: string) {
      return db
        .selectFrom('assessment_months as m')
        .innerJoin('users as u', 'u.id', 'm.closed_by')
        .select(['m.closed_at', 'm.sheets', 'u.name'])
        .where('m.month', '=', month)
        .executeTakeFirst()
    },

    /** Freezes a month's sheets; false when it was already closed (the first close stands). */
    async closeMonth(month: string, by: number, sheets: AssessmentSheets): Promise<boolean> {
      const row = await db
        .insertInto('assessment_months')
        .values({ month, closed_by: by, sheets: JSON.stringify(sheets) })
        .onConflict((oc) => oc.column('month').doNothing())
        .returning('month')
        .executeTakeFirst()
      return row !== undefined
    },

    audit(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },
  }
}

export type AssessmentRepository = ReturnType<typeof createAssessmentRepository>

declare module 'fastify' {
  interface FastifyInstance {
    assessmentRepository: AssessmentRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('assessmentRepository', createAssessmentRepository(fastify.kysely))
  },
  { name: 'assessment-repository', dependencies: ['database'] },
)

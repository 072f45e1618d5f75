import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type pg from 'pg'
import { preparedStatement } from '../../../db/prepared-statement.ts'
import type { PatrolGrid, PatrolSettings, PatrolSummary, PatrolTrackPoint } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'
import { userWithinScope, type GridScope } from '../accounts/grid-scope.ts'
import type {} from './patrol-tables.ts'
import { recordedPosition, type RecordedPosition } from '../workers/worker-positions-repository.ts'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'
import { PointAppendBatcher } from './point-append-batcher.ts'
import { APPEND_POINTS_SQL, appendParameters, type AppendRow, type PointAppend } from './point-append-statement.ts'

/** What the service needs to filter a batch: who walks it, whether it is open and where it last was. */
export interface PatrolForUpdate {
  id: string
  workerId: number
  endedAt: Date | null
  last: { at: number; lng: number; lat: number } | null
}

// Display simplification: ~2 m at the street's latitude keeps corners of lanes and drops GPS jitter.
const DISPLAY_TOLERANCE_DEG = 0.00002

const summaryColumns = sql<PatrolSummary>`json_build_object(
  'id', p.id::text, 'workerId', p.worker_id, 'workerName', u.name,
  'startedAt', p.started_at, 'endedAt', p.ended_at, 'lengthM', round(p.length_m::numeric, 1),
  'durationS', greatest(0, extract(epoch from coalesce(p.ended_at, p.last_at, p.started_at) - p.started_at))::int,
  'pointCount', p.point_count, 'outlierCount', p.outlier_count,
  'gridCount', (select count(*) from patrol_grids pg where pg.patrol_id = p.id)::int)`

/** What an append answers: the patrol's summary, and the live position it recorded (see appendPoints). */
interface AppendedPoints {
  summary: PatrolSummary
  /** The newest point's grid chain [l1, l2, l3]; null outside the street's unit grids. */
  chain: [number, number, number] | null
  /** The worker's live position as stored; null when not asked for, outside the unit grids or rate-limited. */
  position: Extract<RecordedPosition, { kind: 'recorded' }> | null
}

/** Group commit (point-append-batcher.ts): a batch waits at most this long, and only when this many patrols are out. */
const POINT_LINGER_MS = 500
const POINT_BATCH_BUSY_AT = 20
const POINT_MAX_BATCH = 200

/**
 * `pool` runs the append statement (point-append-statement.ts): the generic-plan pool, whose connections plan it
 * once whatever the batch (its parameters are arrays, and planning it costs more than running it).
 */
export function createPatrolsRepository(db: Kysely<Database>, pool: pg.Pool, { namedStatements = true } = {}) {
  const appendPoints = preparedStatement<AppendRow>(pool, 'patrol_append_points', APPEND_POINTS_SQL, {
    named: namedStatements,
  })
  const batcher = new PointAppendBatcher((jobs) => appendPoints(appendParameters(jobs)), {
    lingerMs: POINT_LINGER_MS,
    busyAt: POINT_BATCH_BUSY_AT,
    maxBatch: POINT_MAX_BATCH,
    sharedFailure: isDatabaseUnavailable,
  })
  return Object.assign(
    transactional(db, (q) => patrolQueries(q, batcher)),
    { flushPoints: () => batcher.flush() },
  )
}

function patrolQueries(db: Kysely<Database>, batcher: PointAppendBatcher) {
  return {
    async settings(): Promise<PatrolSettings> {
      const row = await db.selectFrom('patrol_settings').selectAll().executeTakeFirstOrThrow()
      return {
        retentionDays: row.retention_days,
        maxAccuracyM: row.max_accuracy_m,
        maxSpeedMps: row.max_speed_mps,
        weeklyVisitsPerGrid: row.weekly_visits_per_grid,
      }
    },

    async replaceSettings(s: PatrolSettings): Promise<void> {
      await db
        .updateTable('patrol_settings')
        .set({
          retention_days: s.retentionDays,
          max_accuracy_m: s.maxAccuracyM,
          max_speed_mps: s.maxSpeedMps,
          weekly_visits_per_grid: s.weeklyVisitsPerGrid,
          updated_at: new Date(),
        })
        .execute()
    },

    /** Starts a patrol, or finds the one this client id already started (a retried start). */
    async start(workerId: number, clientId: string, at: Date): Promise<{ id: string; created: boolean }> {
      const inserted = await db
        .insertInto('patrols')
        .values({ worker_id: workerId, client_id: clientId, started_at: at })
        .onConflict((oc) => oc.columns(['worker_id', 'client_id']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (inserted) return { id: inserted.id, created: true }
      const existing = await db
        .selectFrom('patrols')
        .select('id')
        .where('worker_id', '=', workerId)
        .where('client_id', '=', clientId)
        .executeTakeFirstOrThrow()
      return { id: existing.id, created: false }
    },

    /** The worker's open patrol, if any. */
    async openOf(workerId: number): Promise<string | undefined> {
      const row = await db
        .selectFrom('patrols')
        .select('id')
        .where('worker_id', '=', workerId)
        .where('ended_at', 'is', null)
        .executeTakeFirst()
      return row?.id
    },

    /** The patrol's worker, state and last point; `lock` holds the row for the caller's transaction. */
    async pointState(id: string, lock = false): Promise<PatrolForUpdate | undefined> {
      const row = await db
        .selectFrom('patrols')
        .select([
          'id',
          'worker_id',
          'ended_at',
          'last_at',
          sql<number | null>`ST_X(last_location)`.as('lng'),
          sql<number | null>`ST_Y(last_location)`.as('lat'),
        ])
        .where('id', '=', id)
        .$if(lock, (qb) => qb.forUpdate())
        .executeTakeFirst()
      if (!row) return undefined
      return {
        id: row.id,
        workerId: row.worker_id,
        endedAt: row.ended_at,
        last:
          row.last_at && row.lng !== null && row.lat !== null
            ? { at: row.last_at.getTime(), lng: row.lng, lat: row.lat }
            : null,
      }
    },

    /** Which of these point ids the patrol already holds (a resent batch). */
    async storedPointIds(patrolId: string, ids: readonly string[]): Promise<Set<string>> {
      const rows = await db
        .selectFrom('patrol_points')
        .select('client_point_id')
        .where('patrol_id', '=', patrolId)
        .where(sql<boolean>`client_point_id = any(${[...ids]}::uuid[])`)
        .execute()
      return new Set(rows.map((r) => r.client_point_id.toLowerCase()))
    },

    /**
     * Appends kept points (time order, all after the patrol's last point) in one statement, no transaction: the
     * patrol's row is updated only if it is `workerId`'s, open, and its last point is still the one the points were
     * filtered against (`from`); the points and grids are written only through that update, so a batch that lost a
     * race (or met an ended patrol) writes nothing and answers null. Each segment runs from the previous point (the
     * first from `from`, or the point alone on an empty track); the grids each intersects are kept with the times it
     * was there. With `live`, the newest point also becomes the worker's live position in the same statement.
     */
    /**
     * Appends kept points after the track's end `from`, if it is still the end (null otherwise: the caller reads
     * the track again), with the patrol's new summary and the worker's live position when `live`. Batched with
     * other patrols' appends (point-append-batcher.ts), outside any transaction of the caller's.
     */
    async appendPoints(append: PointAppend): Promise<AppendedPoints | null> {
      const row = await batcher.append(append)
      if (!row) return null
      const { position, previous, summary, chain } = row
      const recorded = chain ? recordedPosition({ position, previous }, chain) : null
      return { summary, chain, position: recorded?.kind === 'recorded' ? recorded : null }
    },

    async countOutliers(patrolId: string, outliers: number): Promise<void> {
      await db
        .updateTable('patrols')
        .set((eb) => ({ outlier_count: eb('outlier_count', '+', outliers) }))
        .where('id', '=', patrolId)
        .execute()
    },

    /** Ends the patrol and links the reports its worker made between its start and end. */
    async end(patrolId: string, at: Date): Promise<void> {
      await db
        .updateTable('patrols')
        .set({ ended_at: sql`greatest(${at}::timestamptz, started_at, coalesce(last_at, started_at))` })
        .where('id', '=', patrolId)
        .execute()
      await sql`
        with linked as (
          insert into patrol_incidents (patrol_id, incident_id)
          select p.id, i.id from patrols p
          join incidents i on i.reporter_id = p.worker_id and i.created_at between p.started_at and p.ended_at
          where p.id = ${patrolId}::bigint
          on conflict do nothing
          returning incident_id
        )
        update incidents set source = 'patrol' where id in (select incident_id from linked) and source = 'worker'`.execute(
        db,
      )
    },

    async summary(patrolId: string): Promise<PatrolSummary | undefined> {
      const row = await db
        .selectFrom('patrols as p')
        .innerJoin('users as u', 'u.id', 'p.worker_id')
        .select(summaryColumns.as('summary'))
        .where('p.id', '=', patrolId)
        .executeTakeFirst()
      return row?.summary
    },

    /** The patrol's worker, when the reader may read its track: its own, or a worker inside the reader's scope. */
    async readableWorker(patrolId: string, scope: GridScope): Promise<number | undefined> {
      const row = await db
        .selectFrom('patrols as p')
        .select('p.worker_id')
        .where('p.id', '=', patrolId)
        .where((eb) => userWithinScope(scope, eb.ref('p.worker_id')))
        .executeTakeFirst()
      return row?.worker_id
    },

    async workerOf(patrolId: string): Promise<number | undefined> {
      const row = await db.selectFrom('patrols').select('worker_id').where('id', '=', patrolId).executeTakeFirst()
      return row?.worker_id
    },

    async points(patrolId: string): Promise<PatrolTrackPoint[]> {
      const rows = await db
        .selectFrom('patrol_points')
        .select(['at', sql<number>`ST_X(location)`.as('lng'), sql<number>`ST_Y(location)`.as('lat')])
        .where('patrol_id', '=', patrolId)
        .orderBy('at')
        .execute()
      return rows.map((r) => ({ at: r.at.toISOString(), lng: r.lng, lat: r.lat }))
    },

    /** The track as one line, simplified for display (null until it has two points). */
    async displayLine(patrolId: string): Promise<{ type: 'LineString'; coordinates: [number, number][] } | null> {
      const row = await sql<{ line: string | null }>`
        select ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_MakeLine(location order by at), ${DISPLAY_TOLERANCE_DEG}::float8), 6) as line
        from patrol_points where patrol_id = ${patrolId}::bigint having count(*) >= 2`.execute(db)
      const text = row.rows[0]?.line
      return text ? (JSON.parse(text) as { type: 'LineString'; coordinates: [number, number][] }) : null
    },

    async grids(patrolId: string): Promise<PatrolGrid[]> {
      const rows = await db
        .selectFrom('patrol_grids as pg')
        .innerJoin('grids as g', 'g.id', 'pg.grid_id')
        .select(['g.id', 'g.code', 'g.name', 'pg.first_at', 'pg.last_at'])
        .where('pg.patrol_id', '=', patrolId)
        .orderBy('pg.first_at')
        .orderBy('g.code')
        .execute()
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        firstAt: r.first_at.toISOString(),
        lastAt: r.last_at.toISOString(),
      }))
    },

    async incidents(patrolId: string): Promise<{ id: string; caseNumber: string; createdAt: string }[]> {
      const rows = await db
        .selectFrom('patrol_incidents as pi')
        .innerJoin('incidents as i', 'i.id', 'pi.incident_id')
        .select(['i.id', 'i.case_number', 'i.created_at'])
        .where('pi.patrol_id', '=', patrolId)
        .orderBy('i.created_at')
        .execute()
      return rows.map((r) => ({ id: r.id, caseNumber: r.case_number, createdAt: r.created_at.toISOString() }))
    },

    /** Patrols of workers in the scope (or of one worker), newest first, a keyset page. */
    async list(
      scope: GridScope,
      q: {
        workerId?: number | undefined
        from?: Date | undefined
        to?: Date | undefined
        cursor?: string | undefined
        limit: number
      },
    ): Promise<{ items: PatrolSummary[]; nextCursor: string | null }> {
      const rows = await db
        .selectFrom('patrols as p')
        .innerJoin('users as u', 'u.id', 'p.worker_id')
        .select(['p.id', summaryColumns.as('summary')])
        .where((eb) => userWithinScope(scope, eb.ref('p.worker_id')))
        .$if(q.workerId !== undefined, (qb) => qb.where('p.worker_id', '=', q.workerId!))
        .$if(q.from !== undefined, (qb) => qb.where('p.started_at', '>=', q.from!))
        .$if(q.to !== undefined, (qb) => qb.where('p.started_at', '<', q.to!))
        .$if(q.cursor !== undefined, (qb) => qb.where('p.id', '<', q.cursor!))
        .orderBy('p.id', 'desc')
        .limit(q.limit + 1)
        .execute()
      const page = rows.slice(0, q.limit)
      return { items: page.map((r) => r.summary), nextCursor: rows.length > q.limit ? page.at(-1)!.id : null }
    },

    /** Open patrols whose worker is in the scope, each with its line so far (simplified). */
    async live(
      scope: GridScope,
    ): Promise<{ patrol: PatrolSummary; line: { type: 'LineString' | 'Point'; coordinates: unknown } | null }[]> {
      const rows = await db
        .selectFrom('patrols as p')
        .innerJoin('users as u', 'u.id', 'p.worker_id')
        .select([
          summaryColumns.as('patrol'),
          sql<
            string | null
          >`(select ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_MakeLine(pp.location order by pp.at), ${DISPLAY_TOLERANCE_DEG}::float8), 6)
            from patrol_points pp where pp.patrol_id = p.id)`.as('line'),
        ])
        .where('p.ended_at', 'is', null)
        .where((eb) => userWithinScope(scope, eb.ref('p.worker_id')))
        .orderBy('p.id')
        .limit(2000)
        .execute()
      return rows.map((r) => ({
        patrol: r.patrol,
        line: r.line ? (JSON.parse(r.line) as { type: 'LineString' | 'Point'; coordinates: unknown }) : null,
      }))
    },

    /** Open patrols that have heard nothing since `before` (a phone that died or was forgotten), for the timer to end. */
    async abandoned(before: Date): Promise<string[]> {
      const rows = await db
        .selectFrom('patrols')
        .select('id')
        .where('ended_at', 'is', null)
        .where(sql<boolean>`coalesce(last_at, started_at) < ${before}::timestamptz`)
        .limit(500)
        .execute()
      return rows.map((r) => r.id)
    },

    /** Deletes patrols (points, grids and links with them) that ended before the retention period; returns how many. */
    async deleteEndedBefore(cutoff: Date, limit: number): Promise<number> {
      const result = await sql`
        delete from patrols where id in (
          select id from patrols where ended_at < ${cutoff}::timestamptz order by ended_at limit ${limit}::int
        )`.execute(db)
      return Number(result.numAffectedRows ?? 0)
    },

    audit(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },
  }
}

export type PatrolsRepository = ReturnType<typeof createPatrolsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    patrolsRepository: PatrolsRepository
  }
}

export default fp(
  (fastify) => {
    const repository = createPatrolsRepository(fastify.kysely, fastify.genericPlanPool, {
      namedStatements: fastify.namedStatements,
    })
    fastify.decorate('patrolsRepository', repository)
    // Points still waiting for their batch go now, while the pool is open.
    fastify.addHook('preClose', async () => repository.flushPoints())
  },
  { name: 'patrols-repository', dependencies: ['database'] },
)

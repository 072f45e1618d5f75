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
import {
  positionUpsertCtes,
  recordedPosition,
  storedPositionColumns,
  type RecordedPosition,
} from '../workers/worker-positions-repository.ts'

/** A point as the service kept it (filtered, in time order). */
export interface KeptPoint {
  id: string
  at: number
  lng: number
  lat: number
  accuracy: number | null
}

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

/**
 * The append (see appendPoints) as one named statement that also records the newest point as the worker's live
 * position (worker-positions-repository's upsert): one round trip and one commit a point. `input` yields the points
 * (n, id, at, location, accuracy); the rest of the statement is the same for a batch and for one point.
 */
const appendSql = (input: string) => `
  with input as (${input}
  ), newest as (
    select location, accuracy, at from input order by n desc limit 1
  ), origin as (
    select case when $7::float8 is null then null::geometry
      else ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326) end as location
  ), segments as (
    select i.n, i.at, coalesce(lag(i.at) over w, $6::timestamptz, i.at) as from_at,
      case when coalesce(lag(i.location) over w, (select location from origin)) is null then i.location
        else ST_MakeLine(coalesce(lag(i.location) over w, (select location from origin)), i.location) end as segment
    from input i window w as (order by i.n)
  ), updated as (
    update patrols set
      length_m = length_m + coalesce((select sum(ST_Length(segment::geography)) from segments), 0),
      point_count = point_count + $10::int,
      outlier_count = outlier_count + $11::int,
      last_location = (select location from newest),
      last_at = (select at from newest)
    where id = $9::bigint and worker_id = $13::int and ended_at is null and last_at is not distinct from $6::timestamptz
    returning *
  ), stored as (
    insert into patrol_points (patrol_id, client_point_id, at, location, accuracy_m)
    select $9::bigint, id, at, location, accuracy from input where exists (select 1 from updated)
  ), passed as (
    insert into patrol_grids (patrol_id, grid_id, first_at, last_at)
    select $9::bigint, g.id, min(s.from_at), max(s.at)
    from segments s join grids g on g.level = 3 and ST_Intersects(g.geom, s.segment)
    where exists (select 1 from updated)
    group by g.id
    on conflict (patrol_id, grid_id) do update set last_at = greatest(patrol_grids.last_at, excluded.last_at)
    returning (xmax = 0) as inserted
  ), chain as (
    select a.parent_id as l1, g.parent_id as l2, g.id as l3
    from updated u join grids g on g.level = 3 and ST_Intersects(g.geom, u.last_location) join grids a on a.id = g.parent_id
    order by g.id limit 1
  ), position_input as (
    select $13::int as user_id, n.location, coalesce(n.accuracy, 0) as accuracy_m,
      c.l1 as grid_l1_id, c.l2 as grid_l2_id, c.l3 as grid_l3_id
    from newest n cross join chain c where $14::boolean
  ), ${positionUpsertCtes('position_input')}
  select json_build_object(
    'id', u.id::text, 'workerId', u.worker_id, 'workerName', $12::text,
    'startedAt', u.started_at, 'endedAt', u.ended_at, 'lengthM', round(u.length_m::numeric, 1),
    'durationS', greatest(0, extract(epoch from coalesce(u.ended_at, u.last_at, u.started_at) - u.started_at))::int,
    'pointCount', u.point_count, 'outlierCount', u.outlier_count,
    -- The statement sees patrol_grids as it was before it: add the grids this batch entered first.
    'gridCount', ((select count(*) from patrol_grids pg where pg.patrol_id = $9::bigint)
      + (select count(*) from passed where inserted))::int) as summary,
    (select json_build_array(l1, l2, l3) from chain) as chain,
    ${storedPositionColumns('$12::text')}
  from updated u`

/** A batch from the outbox: the points as arrays (the parameters of appendPoints). */
const BATCH_INPUT = `
    select n, id, at, ST_SetSRID(ST_MakePoint(lng, lat), 4326) as location, accuracy
    from unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::float8[], $5::real[])
      with ordinality as t(id, at, lng, lat, accuracy, n)`

/**
 * One point, the phone's usual request: the same statement with the point's fields as plain parameters, so that
 * PostgreSQL settles on a generic plan of it after its first five runs on a connection. With arrays it re-planned
 * on every run (pg_prepared_statements: 0 generic, 420 custom plans in 420 runs; a custom plan knows the array's
 * length, a generic one guesses 100 points, so the custom one always looked cheaper), and planning this CTE with
 * its PostGIS calls costs more than running it (about 0.8 ms of the database's CPU a point at load 11 on two cores).
 */
const ONE_POINT_INPUT = `
    select 1::bigint as n, $1::uuid as id, $2::timestamptz as at,
      ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326) as location, $5::real as accuracy`

/** What the append answers: the patrol's summary, and the live position it recorded (see appendPoints). */
interface AppendedPoints {
  summary: PatrolSummary
  /** The newest point's grid chain [l1, l2, l3]; null outside the street's unit grids. */
  chain: [number, number, number] | null
  /** The worker's live position as stored; null when not asked for, outside the unit grids or rate-limited. */
  position: Extract<RecordedPosition, { kind: 'recorded' }> | null
}

type AppendRow = Omit<AppendedPoints, 'position'> & Parameters<typeof recordedPosition>[0]

export function createPatrolsRepository(db: Kysely<Database>, pool: pg.Pool, { namedStatements = true } = {}) {
  const named = { named: namedStatements }
  const append: AppendStatements = {
    batch: preparedStatement<AppendRow>(pool, 'patrol_append_points', appendSql(BATCH_INPUT), named),
    onePoint: preparedStatement<AppendRow>(pool, 'patrol_append_point', appendSql(ONE_POINT_INPUT), named),
  }
  return transactional(db, (q) => patrolQueries(q, append))
}

interface AppendStatements {
  batch: (values: unknown[]) => Promise<AppendRow[]>
  onePoint: (values: unknown[]) => Promise<AppendRow[]>
}

function patrolQueries(db: Kysely<Database>, append: AppendStatements) {
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
    async appendPoints(
      patrolId: string,
      workerId: number,
      from: PatrolForUpdate['last'],
      points: readonly KeptPoint[],
      outliers: number,
      workerName: string,
      live: boolean,
    ): Promise<AppendedPoints | null> {
      const one = points.length === 1 ? points[0]! : undefined
      const fields = one
        ? [one.id, new Date(one.at).toISOString(), one.lng, one.lat, one.accuracy]
        : [
            points.map((p) => p.id),
            points.map((p) => new Date(p.at).toISOString()),
            points.map((p) => p.lng),
            points.map((p) => p.lat),
            points.map((p) => p.accuracy),
          ]
      const rows = await (one ? append.onePoint : append.batch)([
        ...fields,
        from ? new Date(from.at).toISOString() : null,
        from?.lng ?? null,
        from?.lat ?? null,
        patrolId,
        points.length,
        outliers,
        workerName,
        workerId,
        live,
      ])
      const row = rows[0]
      if (!row) return null
      const { position, previous, ...appended } = row
      const recorded = row.chain ? recordedPosition({ position, previous }, row.chain) : null
      return { ...appended, position: recorded?.kind === 'recorded' ? recorded : null }
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
    fastify.decorate(
      'patrolsRepository',
      createPatrolsRepository(fastify.kysely, fastify.pg.pool, { namedStatements: fastify.namedStatements }),
    )
  },
  { name: 'patrols-repository', dependencies: ['database'] },
)

import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { WorkerPosition as WorkerPositionReply } from '@wangge/contract'
import { STALE_POSITION_AFTER_S } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import { envelope, type BBox } from '../../../db/postgis.ts'
import { gridWithinScope, type GridScope } from '../accounts/grid-scope.ts'

/** A phone sends at most one position per this interval; more are refused, not queued. */
export const POSITION_INTERVAL_S = 10
// A position is stale past @wangge/sla's STALE_POSITION_AFTER_S, the limit the live map also greys markers by.

/** A position as GET /api/workers/positions lists it, before the distance to `near` is added. */
export type WorkerPosition = Omit<WorkerPositionReply, 'distanceM'>

export type RecordedPosition =
  | { kind: 'recorded'; position: WorkerPosition; previousGrids: [number, number, number] | null }
  | { kind: 'rate-limited' }

const positionColumns = (alias: string) => sql<WorkerPosition>`json_build_object(
  'userId', ${sql.ref(`${alias}.user_id`)}, 'name', u.name,
  'lng', ST_X(${sql.ref(`${alias}.location`)}), 'lat', ST_Y(${sql.ref(`${alias}.location`)}),
  'accuracy', ${sql.ref(`${alias}.accuracy_m`)}, 'at', ${sql.ref(`${alias}.at`)},
  'stale', ${sql.ref(`${alias}.at`)} < now() - make_interval(secs => ${STALE_POSITION_AFTER_S}),
  'grids', json_build_array(${sql.ref(`${alias}.grid_l1_id`)}, ${sql.ref(`${alias}.grid_l2_id`)}, ${sql.ref(`${alias}.grid_l3_id`)}))`

/** Where the on-duty grid workers are: one row per worker (`worker_positions`), its time the rate limit. */
export function createWorkerPositionsRepository(db: Kysely<Database>) {
  return {
    record: (
      userId: number,
      position: { lng: number; lat: number; accuracy: number },
      grids: [number, number, number],
    ) => recordPosition(db, userId, position, grids),
    goOffDuty: (userId: number) => goOffDuty(db, userId),
    within: (scope: GridScope, q: PositionQuery) => positionsWithin(db, scope, q),
  }
}

export type WorkerPositionsRepository = ReturnType<typeof createWorkerPositionsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    workerPositionsRepository: WorkerPositionsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('workerPositionsRepository', createWorkerPositionsRepository(fastify.kysely))
  },
  { name: 'worker-positions-repository', dependencies: ['database'] },
)

/**
 * The position upsert as CTEs for a statement of the caller's: `position_before` (where the worker was shown, if on
 * duty) and `position_stored` (the row written, none when the last one was accepted less than POSITION_INTERVAL_S
 * ago: the stored row's time is the rate limit, so it holds across API instances). `source` names a CTE of rows
 * with user_id, location, accuracy_m, grid_l1_id, grid_l2_id, grid_l3_id, one row a worker. Patrol points use it
 * inside the statement that appends them (one round trip and one commit for a batch of patrols), the live channel
 * through recordPosition for one worker; the rule lives here once.
 */
export function positionUpsertCtes(source: string): string {
  return `position_before as (
      select user_id, grid_l1_id, grid_l2_id, grid_l3_id from worker_positions
      where on_duty and user_id in (select user_id from ${source})
    ), position_stored as (
      insert into worker_positions (user_id, location, accuracy_m, grid_l1_id, grid_l2_id, grid_l3_id, on_duty, at)
      select user_id, location, accuracy_m, grid_l1_id, grid_l2_id, grid_l3_id, true, now() from ${source}
      on conflict (user_id) do update set location = excluded.location, accuracy_m = excluded.accuracy_m,
        grid_l1_id = excluded.grid_l1_id, grid_l2_id = excluded.grid_l2_id, grid_l3_id = excluded.grid_l3_id,
        on_duty = true, at = excluded.at
      where worker_positions.at <= now() - make_interval(secs => ${POSITION_INTERVAL_S})
      returning *
    )`
}

/**
 * The columns `position` (the stored position as the live map shows it, null when rate-limited) and `previous`
 * (the grids it replaced) over positionUpsertCtes, for the worker `userId` names (an SQL expression: a column of
 * the caller's row, or a number). A position just stored is never stale.
 */
export function storedPositionColumns(workerName: string, userId: string): string {
  return `(select json_build_object('userId', p.user_id, 'name', ${workerName},
      'lng', ST_X(p.location), 'lat', ST_Y(p.location), 'accuracy', p.accuracy_m, 'at', p.at, 'stale', false)
      from position_stored p where p.user_id = ${userId}) as position,
    (select json_build_array(b.grid_l1_id, b.grid_l2_id, b.grid_l3_id) from position_before b
      where b.user_id = ${userId}) as previous`
}

/** What storedPositionColumns reads back, as RecordedPosition. */
export function recordedPosition(
  row: { position: Omit<WorkerPosition, 'grids'> | null; previous: [number, number, number] | null },
  grids: [number, number, number],
): RecordedPosition {
  if (!row.position) return { kind: 'rate-limited' }
  return { kind: 'recorded', position: { ...row.position, grids }, previousGrids: row.previous }
}

/** Stores a worker's position in one statement (positionUpsertCtes); the map it left is told by the caller. */
async function recordPosition(
  db: Kysely<Database>,
  userId: number,
  position: { lng: number; lat: number; accuracy: number },
  grids: [number, number, number],
): Promise<RecordedPosition> {
  const {
    rows: [row],
  } = await sql<{ position: Omit<WorkerPosition, 'grids'> | null; previous: [number, number, number] | null }>`
    with position_input as (
      select ${userId}::int as user_id, ST_SetSRID(ST_MakePoint(${position.lng}::float8, ${position.lat}::float8), 4326) as location,
        ${position.accuracy}::real as accuracy_m, ${grids[0]}::int as grid_l1_id, ${grids[1]}::int as grid_l2_id,
        ${grids[2]}::int as grid_l3_id
    ), ${sql.raw(positionUpsertCtes('position_input'))}
    select ${sql.raw(storedPositionColumns('(select name from users where id = p.user_id)', `${Math.trunc(userId)}`))}`.execute(
    db,
  )
  return recordedPosition(row!, grids)
}

/** Takes a worker off the map (duty switched off); returns the grids where they were shown, if they were. */
async function goOffDuty(db: Kysely<Database>, userId: number): Promise<[number, number, number] | null> {
  const row = await db
    .updateTable('worker_positions')
    .set({ on_duty: false })
    .where('user_id', '=', userId)
    .where('on_duty', '=', true)
    .returning(['grid_l1_id', 'grid_l2_id', 'grid_l3_id'])
    .executeTakeFirst()
  return row ? [row.grid_l1_id, row.grid_l2_id, row.grid_l3_id] : null
}

export interface PositionQuery {
  bbox?: BBox | undefined
  /** Only workers in this grid's subtree. */
  gridId?: number | undefined
  /** Nearest first from this point, with the distance in metres. */
  near?: { lng: number; lat: number } | undefined
  limit: number
}

/** The last known positions of on-duty workers inside a scope, nearest first when a point is given. */
async function positionsWithin(
  db: Kysely<Database>,
  scope: GridScope,
  q: PositionQuery,
): Promise<(WorkerPosition & { distanceM: number | null })[]> {
  const near = q.near ? sql`ST_SetSRID(ST_MakePoint(${q.near.lng}::float8, ${q.near.lat}::float8), 4326)` : undefined
  const rows = await db
    .selectFrom('worker_positions as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      positionColumns('p').as('position'),
      (near
        ? sql<number | null>`round(ST_Distance(p.location::geography, ${near}::geography))`
        : sql<number | null>`null::float8`
      ).as('distance'),
    ])
    .where('p.on_duty', '=', true)
    .where('u.active', '=', true)
    .where((eb) => gridWithinScope(scope, eb.ref('p.grid_l3_id')))
    .$if(q.gridId !== undefined, (qb) =>
      qb.where((eb) => gridWithinScope({ streetWide: false, rootIds: [q.gridId!] }, eb.ref('p.grid_l3_id'))),
    )
    .$if(q.bbox !== undefined, (qb) => qb.where(sql<boolean>`p.location && ${envelope(q.bbox!)}`))
    .$if(near !== undefined, (qb) => qb.orderBy(sql`p.location <-> ${near}`))
    .$if(near === undefined, (qb) => qb.orderBy('p.user_id'))
    .limit(q.limit)
    .execute()
  return rows.map((r) => ({ ...r.position, distanceM: r.distance === null ? null : Number(r.distance) }))
}

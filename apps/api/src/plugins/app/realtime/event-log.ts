import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { GridScope } from '../accounts/grid-scope.ts'
import { liveEventOf, type EventRow, type LiveEvent, type LoggedEventType } from './live-event.ts'

/** How many missed events a reconnecting client is replayed at most; past this it reloads (`resync`). */
export const REPLAY_BOUND = 500
/** How long the log keeps events: a client away longer reloads (`resync`), as it would past the bound anyway. */
export const EVENT_RETENTION_DAYS = 3

export type Replay =
  { kind: 'events'; events: LiveEvent<LoggedEventType>[]; latestSeq: number } | { kind: 'resync'; latestSeq: number }

/** The newest `seq` in the log (0 when empty): where a fresh client starts counting. */
export async function latestSeq(db: Kysely<Database>): Promise<number> {
  return (await logBounds(db)).latest
}

/** The oldest and newest `seq` still in the log (both 0 when it is empty). */
async function logBounds(db: Kysely<Database>): Promise<{ oldest: number; latest: number }> {
  const {
    rows: [row],
  } = await sql<{ oldest: string; latest: string }>`
    select coalesce(min(seq), 0)::text as oldest, coalesce(max(seq), 0)::text as latest from events`.execute(db)
  return { oldest: Number(row!.oldest), latest: Number(row!.latest) }
}

/** Drops events older than the retention; run hourly by the realtime plugin. Returns how many went. */
export async function pruneEvents(db: Kysely<Database>, retentionDays = EVENT_RETENTION_DAYS): Promise<number> {
  const result = await sql`delete from events where at < now() - make_interval(days => ${retentionDays}::int)`.execute(
    db,
  )
  return Number(result.numAffectedRows ?? 0)
}

/**
 * The events after `lastSeq` inside a scope, oldest first — or `resync` when more than `bound` were missed, when
 * events after `lastSeq` may have been pruned, or when the client's `seq` is from a log that no longer exists (a
 * restored database). An event is in scope when any of its three grids is one of the scope's roots: the roots may
 * be of any level. A handler's `departmentId` adds the incident events of its department's cases.
 */
export async function eventsSince(
  db: Kysely<Database>,
  scope: GridScope,
  lastSeq: number,
  { bound = REPLAY_BOUND, departmentId = null }: { bound?: number; departmentId?: number | null } = {},
): Promise<Replay> {
  const { oldest, latest } = await logBounds(db)
  if (lastSeq > latest) return { kind: 'resync', latestSeq: latest }
  // `oldest - 1` would be a client that saw everything before the log's start; anything older may have lost events.
  if (lastSeq < latest && lastSeq < oldest - 1) return { kind: 'resync', latestSeq: latest }
  if (!scope.streetWide && scope.rootIds.length === 0 && departmentId === null)
    return { kind: 'events', events: [], latestSeq: latest }
  const roots = sql`${[...scope.rootIds]}::int[]`
  // A handler's department: the incident events of cases dispatched to it. One a colleague returned (no longer
  // dispatched to it) is not replayed; the handler's page reloads its lists on reconnect for that.
  const ofDepartment =
    departmentId === null
      ? sql`false`
      : sql`(type in ('incident.created', 'incident.updated') and (data->>'assigneeDepartmentId')::int = ${departmentId}::int)`
  const inScope = scope.streetWide
    ? sql`true`
    : sql`(grid_l1_id = any(${roots}) or grid_l2_id = any(${roots}) or grid_l3_id = any(${roots}) or ${ofDepartment})`
  const { rows } = await sql<EventRow>`
    select seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data from events
    where seq > ${lastSeq}::bigint and seq <= ${latest}::bigint and ${inScope}
    order by events.seq limit ${bound + 1}::int`.execute(db)
  if (rows.length > bound) return { kind: 'resync', latestSeq: latest }
  return { kind: 'events', events: rows.map(liveEventOf), latestSeq: latest }
}

/**
 * Logs an event inside the caller's transaction — the hook for capabilities other than incidents (stations:
 * `station.audited`, with the station's grid chain). After the commit, publish it:
 * `fastify.realtime.publish(liveEventOf(row))`.
 */
export async function logEvent(
  tx: Kysely<Database>,
  type: LoggedEventType,
  grids: readonly [number, number | null, number | null],
  data: unknown,
): Promise<EventRow> {
  const {
    rows: [row],
  } = await sql<EventRow>`
    insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
    values (${type}, ${grids[0]}::int, ${grids[1]}::int, ${grids[2]}::int, ${JSON.stringify(data)}::jsonb)
    returning seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data`.execute(tx)
  return row!
}

import type { PatrolSummary } from '@wangge/contract'
import type { recordedPosition } from '../workers/worker-positions-repository.ts'
import { positionUpsertCtes, storedPositionColumns } from '../workers/worker-positions-repository.ts'

/** A point as the service kept it (filtered, in time order). */
export interface KeptPoint {
  id: string
  at: number
  lng: number
  lat: number
  accuracy: number | null
}

/** One patrol's kept points, to append after the track's end the service filtered them against. */
export interface PointAppend {
  patrolId: string
  workerId: number
  workerName: string
  /** The track's end as the service saw it: the append happens only if it is still the end (optimistic). */
  from: { at: number; lng: number; lat: number } | null
  points: readonly KeptPoint[]
  outliers: number
  /** Whether the newest point moves the worker's live marker (a fresh point, not a batch from the outbox). */
  live: boolean
}

/** What the statement answers for each patrol it appended to; a patrol whose end moved meanwhile has no row. */
export type AppendRow = {
  patrol_id: string
  summary: PatrolSummary
  /** The newest point's grid chain [l1, l2, l3]; null outside the street's unit grids. */
  chain: [number, number, number] | null
} & Parameters<typeof recordedPosition>[0]

/**
 * The appends of many patrols in one statement (point-append-batcher.ts): per patrol, the length its new segments
 * add, its points, the unit grids the segments cross and, when asked, the worker's live position — and only for a
 * patrol whose track still ends where the service filtered against (`last_at is not distinct from` the end it
 * read), so that two appends racing on one patrol never interleave. The arrays keep the statement's text one
 * whatever the batch, so a connection plans it once (GENERIC_PLAN_POOL).
 */
export const APPEND_POINTS_SQL = `
  with job as (
    select * from unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[],
      $7::int[], $8::int[], $9::boolean[]) as j(patrol_id, worker_id, worker_name, from_at, from_lng, from_lat,
      point_count, outliers, live)
  ), input as (
    select n, patrol_id, id, at, ST_SetSRID(ST_MakePoint(lng, lat), 4326) as location, accuracy
    from unnest($10::bigint[], $11::uuid[], $12::timestamptz[], $13::float8[], $14::float8[], $15::real[])
      with ordinality as t(patrol_id, id, at, lng, lat, accuracy, n)
  ), newest as (
    select distinct on (patrol_id) patrol_id, location, accuracy, at from input order by patrol_id, n desc
  ), segments as (
    select i.patrol_id, i.n, i.at, coalesce(lag(i.at) over w, j.from_at, i.at) as from_at,
      case when coalesce(lag(i.location) over w, origin.location) is null then i.location
        else ST_MakeLine(coalesce(lag(i.location) over w, origin.location), i.location) end as segment
    from input i join job j on j.patrol_id = i.patrol_id
    cross join lateral (select case when j.from_lng is null then null::geometry
      else ST_SetSRID(ST_MakePoint(j.from_lng, j.from_lat), 4326) end as location) origin
    window w as (partition by i.patrol_id order by i.n)
  ), added as (
    select patrol_id, sum(ST_Length(segment::geography)) as length_m from segments group by patrol_id
  ), updated as (
    update patrols p set
      length_m = p.length_m + coalesce(a.length_m, 0),
      point_count = p.point_count + j.point_count,
      outlier_count = p.outlier_count + j.outliers,
      last_location = nw.location,
      last_at = nw.at
    from job j join newest nw on nw.patrol_id = j.patrol_id left join added a on a.patrol_id = j.patrol_id
    where p.id = j.patrol_id and p.worker_id = j.worker_id and p.ended_at is null
      and p.last_at is not distinct from j.from_at
    returning p.*
  ), stored as (
    insert into patrol_points (patrol_id, client_point_id, at, location, accuracy_m)
    select i.patrol_id, i.id, i.at, i.location, i.accuracy from input i join updated u on u.id = i.patrol_id
  ), passed as (
    insert into patrol_grids (patrol_id, grid_id, first_at, last_at)
    select s.patrol_id, g.id, min(s.from_at), max(s.at)
    from segments s join updated u on u.id = s.patrol_id join grids g on g.level = 3 and ST_Intersects(g.geom, s.segment)
    group by s.patrol_id, g.id
    on conflict (patrol_id, grid_id) do update set last_at = greatest(patrol_grids.last_at, excluded.last_at)
    returning patrol_id, (xmax = 0) as inserted
  ), chain as (
    select distinct on (u.id) u.id as patrol_id, a.parent_id as l1, g.parent_id as l2, g.id as l3
    from updated u join grids g on g.level = 3 and ST_Intersects(g.geom, u.last_location) join grids a on a.id = g.parent_id
    order by u.id, g.id
  ), position_input as (
    select distinct on (u.worker_id) u.worker_id as user_id, n.location, coalesce(n.accuracy, 0) as accuracy_m,
      c.l1 as grid_l1_id, c.l2 as grid_l2_id, c.l3 as grid_l3_id
    from updated u join job j on j.patrol_id = u.id join newest n on n.patrol_id = u.id
      join chain c on c.patrol_id = u.id
    where j.live
    order by u.worker_id, n.at desc
  ), ${positionUpsertCtes('position_input')}
  select u.id::text as patrol_id, json_build_object(
    'id', u.id::text, 'workerId', u.worker_id, 'workerName', j.worker_name,
    'startedAt', u.started_at, 'endedAt', u.ended_at, 'lengthM', round(u.length_m::numeric, 1),
    'durationS', greatest(0, extract(epoch from coalesce(u.ended_at, u.last_at, u.started_at) - u.started_at))::int,
    'pointCount', u.point_count, 'outlierCount', u.outlier_count,
    -- The statement sees patrol_grids as it was before it: add the grids this batch entered first.
    'gridCount', ((select count(*) from patrol_grids pg where pg.patrol_id = u.id)
      + (select count(*) from passed p where p.patrol_id = u.id and p.inserted))::int) as summary,
    (select json_build_array(c.l1, c.l2, c.l3) from chain c where c.patrol_id = u.id) as chain,
    ${storedPositionColumns('j.worker_name', 'u.worker_id')}
  from updated u join job j on j.patrol_id = u.id`

/** APPEND_POINTS_SQL's parameters: the jobs as one array a column, then their points likewise. */
export function appendParameters(jobs: readonly PointAppend[]): unknown[] {
  const points = jobs.flatMap((j) => j.points.map((p) => ({ patrolId: j.patrolId, ...p })))
  return [
    jobs.map((j) => j.patrolId),
    jobs.map((j) => j.workerId),
    jobs.map((j) => j.workerName),
    jobs.map((j) => (j.from ? new Date(j.from.at).toISOString() : null)),
    jobs.map((j) => j.from?.lng ?? null),
    jobs.map((j) => j.from?.lat ?? null),
    jobs.map((j) => j.points.length),
    jobs.map((j) => j.outliers),
    jobs.map((j) => j.live),
    points.map((p) => p.patrolId),
    points.map((p) => p.id),
    points.map((p) => new Date(p.at).toISOString()),
    points.map((p) => p.lng),
    points.map((p) => p.lat),
    points.map((p) => p.accuracy),
  ]
}

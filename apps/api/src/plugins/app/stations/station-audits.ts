import { sql, type Kysely } from 'kysely'
import { SIX_HAVE_CODES, type SixHaveCode } from '@wangge/stations'
import type { Database } from '../../../db/database-schema.ts'
import { instantParameter, shanghaiDay, shanghaiIso } from '../../../db/shanghai-time.ts'

export interface StationAuditView {
  id: string
  stationId: number
  at: string
  auditor: { id: number; name: string }
  location: { lng: number; lat: number }
  accuracyM: number | null
  distanceM: number
  offSite: boolean
  score: number
  passedAll: boolean
  note: string | null
  items: { code: SixHaveCode; passed: boolean; deduction: number; note: string | null; photos: string[] }[]
}

/**
 * Audits of the given stations, newest first, with their items in the standard order and each item's photos.
 * Callers decide visibility (they pass only stations the user may see); `since` bounds a history export.
 */
export async function auditsOfStations(
  db: Kysely<Database>,
  stationIds: readonly number[],
  { limit, since, auditId }: { limit: number; since?: Date | undefined; auditId?: string | undefined },
): Promise<StationAuditView[]> {
  if (stationIds.length === 0) return []
  const { rows } = await sql<StationAuditView>`
    select a.id::text id, a.station_id "stationId",
      ${shanghaiIso('a.at')} at,
      json_build_object('id', u.id, 'name', u.name) auditor,
      json_build_object('lng', ST_X(a.location), 'lat', ST_Y(a.location)) location,
      a.accuracy_m "accuracyM", round(a.distance_m::numeric, 1)::float8 "distanceM", a.off_site "offSite", a.score, a.passed_all "passedAll", a.note,
      (select json_agg(json_build_object('code', i.item, 'passed', i.passed, 'deduction', i.deduction, 'note', i.note,
          'photos', (select coalesce(json_agg(ph.photo_sha256 order by ph.position), '[]'::json)
                     from station_audit_photos ph where ph.audit_id = a.id and ph.item = i.item))
        order by array_position(${sql.lit(`{${SIX_HAVE_CODES.join(',')}}`)}::text[], i.item))
        from station_audit_items i where i.audit_id = a.id) items
    from station_audits a
    join users u on u.id = a.auditor_id
    where a.station_id = any(${[...stationIds]}::int[])
      ${since ? sql`and a.at >= ${since.toISOString()}::timestamptz` : sql``}
      ${auditId ? sql`and a.id = ${auditId}::bigint` : sql``}
    order by a.at desc, a.id desc
    limit ${limit}::int`.execute(db)
  return rows
}

export interface RectificationView {
  id: string
  item: SixHaveCode
  dueOn: string
  openedByAuditId: string
  closedByAuditId: string | null
  closedAt: string | null
  overdue: boolean
}

/** A station's rectification tasks, open ones first. */
export async function rectificationsOf(
  db: Kysely<Database>,
  stationId: number,
  now = new Date(),
): Promise<RectificationView[]> {
  const { rows } = await sql<RectificationView>`
    select r.id::text id, r.item, r.due_on::text "dueOn", r.opened_by_audit_id::text "openedByAuditId",
      r.closed_by_audit_id::text "closedByAuditId",
      ${shanghaiIso('r.closed_at')} "closedAt",
      (r.closed_by_audit_id is null and r.due_on < ${shanghaiDay(instantParameter(now))}) overdue
    from station_rectifications r
    where r.station_id = ${stationId}::int
    order by (r.closed_by_audit_id is null) desc, r.due_on desc, r.id desc
    limit 200`.execute(db)
  return rows
}

import { sql, type Kysely } from 'kysely'
import { maskPhone } from '@wangge/accounts'
import { shanghaiIsoOf } from '@wangge/sla'
import {
  SIX_HAVE_CODES,
  stationCompliance,
  type ComplianceStatus,
  type SixHaveCode,
  type StationType,
} from '@wangge/stations'
import type { Database } from '../../../db/database-schema.ts'
import { instantParameter, shanghaiWallClock } from '../../../db/shanghai-time.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { stationRowVisibleTo } from './station-visibility.ts'

export interface StationFilters {
  compliance?: ComplianceStatus | undefined
  due?: boolean | undefined
  type?: StationType | undefined
  /** A grid of any level: its stations and those of every grid under it. */
  gridId?: number | undefined
  active?: boolean | undefined
  stationId?: number | undefined
}

export interface StationSummary {
  id: number
  name: string
  type: StationType
  grid: { id: number; code: string; level: number; name: string }
  /** The grid's community and area (the station's own grid included), for roll-ups and the table. */
  gridIds: { l1: number; l2: number | null }
  location: { lng: number; lat: number }
  address: string
  contactName: string
  contactPhone: string
  openingHours: string
  active: boolean
  compliance: {
    status: ComplianceStatus
    compliant: boolean
    score: number | null
    lastAuditAt: string | null
    dueAt: string | null
    due: boolean
  }
  latestAuditId: string | null
  /** The latest audit's items in the standard order, or null before the first audit. */
  latestItems: { code: SixHaveCode; passed: boolean; deduction: number }[] | null
  openRectifications: number
  overdueRectifications: number
}

/** The latest audit per station: the row `la` that every station query joins. */
const LATEST_AUDIT = sql`left join lateral (
    select a.id, a.at, a.score, a.passed_all from station_audits a where a.station_id = s.id order by a.at desc, a.id desc limit 1
  ) la on true`

const ITEM_ORDER = sql`array_position(${sql.lit(`{${SIX_HAVE_CODES.join(',')}}`)}::text[], i.item)`

/**
 * Stations the user may see with their compliance as of `now`, filtered, in id order after `afterId`. Due-ness is
 * filtered in SQL by the rule of @wangge/stations (three calendar months on the Shanghai clock) and computed again
 * from the package for the reply, so the two can be compared in tests.
 */
export async function listStations(
  db: Kysely<Database>,
  user: SignedInUser,
  filters: StationFilters,
  {
    afterId,
    limit,
    now = new Date(),
    fullPhones = false,
  }: { afterId?: number | undefined; limit: number; now?: Date; fullPhones?: boolean },
): Promise<StationSummary[]> {
  const shanghaiNow = shanghaiWallClock(instantParameter(now))
  const due = sql<boolean>`(la.id is null or ${shanghaiWallClock('la.at')} + interval '3 months' <= ${shanghaiNow})`
  const conditions = [stationRowVisibleTo(user)]
  if (filters.compliance === 'compliant') conditions.push(sql`la.passed_all is true`)
  if (filters.compliance === 'failing') conditions.push(sql`la.passed_all is false`)
  if (filters.compliance === 'unaudited') conditions.push(sql`la.id is null`)
  if (filters.due !== undefined) conditions.push(filters.due ? due : sql`not ${due}`)
  if (filters.type) conditions.push(sql`s.type = ${filters.type}`)
  if (filters.gridId !== undefined) conditions.push(sql`${filters.gridId}::int in (g.id, g.parent_id, p.parent_id)`)
  if (filters.active !== undefined) conditions.push(sql`s.active = ${filters.active}`)
  if (filters.stationId !== undefined) conditions.push(sql`s.id = ${filters.stationId}::int`)
  if (afterId !== undefined) conditions.push(sql`s.id > ${afterId}::int`)

  const { rows } = await sql<Row>`
    select s.id, s.name, s.type, s.address, s.contact_name, s.contact_phone, s.opening_hours, s.active,
      ST_X(s.location) lng, ST_Y(s.location) lat,
      g.id grid_id, g.code grid_code, g.level grid_level, g.name grid_name,
      case g.level when 1 then g.id when 2 then g.parent_id else p.parent_id end l1_id,
      case g.level when 1 then null when 2 then g.id else g.parent_id end l2_id,
      la.id::text audit_id, la.at audit_at, la.score, la.passed_all,
      (select json_agg(json_build_object('code', i.item, 'passed', i.passed, 'deduction', i.deduction) order by ${ITEM_ORDER})
        from station_audit_items i where i.audit_id = la.id) items,
      (select count(*)::int from station_rectifications r where r.station_id = s.id and r.closed_by_audit_id is null) open_rectifications,
      (select count(*)::int from station_rectifications r where r.station_id = s.id and r.closed_by_audit_id is null
        and r.due_on < (${shanghaiNow})::date) overdue_rectifications
    from stations s
    join grids g on g.id = s.grid_id
    left join grids p on p.id = g.parent_id
    ${LATEST_AUDIT}
    where ${sql.join(conditions, sql` and `)}
    order by s.id
    limit ${limit}::int`.execute(db)
  return rows.map((row) => summaryOf(row, now, fullPhones))
}

interface Row {
  id: number
  name: string
  type: StationType
  address: string
  contact_name: string
  contact_phone: string
  opening_hours: string
  active: boolean
  lng: number
  lat: number
  grid_id: number
  grid_code: string
  grid_level: number
  grid_name: string
  l1_id: number
  l2_id: number | null
  audit_id: string | null
  audit_at: Date | null
  score: number | null
  passed_all: boolean | null
  items: StationSummary['latestItems']
  open_rectifications: number
  overdue_rectifications: number
}

function summaryOf(row: Row, now: Date, fullPhones: boolean): StationSummary {
  const latest =
    row.audit_id === null ? null : { at: new Date(row.audit_at!), passedAll: row.passed_all!, score: row.score! }
  const c = stationCompliance(latest, now)
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    grid: { id: row.grid_id, code: row.grid_code, level: row.grid_level, name: row.grid_name },
    gridIds: { l1: row.l1_id, l2: row.l2_id },
    location: { lng: row.lng, lat: row.lat },
    address: row.address,
    contactName: row.contact_name,
    // Contact numbers are personal data: lists show them masked (DESIGN.md, "People's data").
    contactPhone: fullPhones ? row.contact_phone : maskPhone(row.contact_phone),
    openingHours: row.opening_hours,
    active: row.active,
    compliance: {
      status: c.status,
      compliant: c.compliant,
      score: c.score,
      due: c.due,
      lastAuditAt: c.lastAuditAt && shanghaiIsoOf(c.lastAuditAt),
      dueAt: c.dueAt && shanghaiIsoOf(c.dueAt),
    },
    latestAuditId: row.audit_id,
    latestItems: row.items,
    openRectifications: row.open_rectifications,
    overdueRectifications: row.overdue_rectifications,
  }
}

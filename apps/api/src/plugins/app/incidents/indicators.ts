import { sql, type Kysely } from 'kysely'
import { maskPhone } from '@wangge/accounts'
import { workingHoursBetween, type WorkingCalendar } from '@wangge/sla'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from './incident-visibility.ts'

/**
 * The loop's indicators for incidents reported in [from, to), per group:
 *   结案率 closureRate   = closed / registered (registered: entered the loop — registered, or fixed on the spot)
 *   按期结案率 onTimeRate = closed on time / closed
 *   返工率 reworkRate     = dispatched cases sent back at least once by verification / dispatched cases
 *   延期率 extensionRate  = dispatched cases extended at least once / dispatched cases
 *   average handling time = working hours from dispatch to handled, over cases handled after a dispatch
 * A rate with nothing to divide by is null, not 0.
 */
export interface Indicators {
  key: { id: number; code: string; name: string }
  reported: number
  registered: number
  closed: number
  closedOnTime: number
  closureRate: number | null
  onTimeRate: number | null
  reworkRate: number | null
  extensionRate: number | null
  averageHandlingHours: number | null
}

export type IndicatorGrouping = { by: 'grid'; level: 1 | 2 | 3 } | { by: 'department' } | { by: 'worker' }

interface Row {
  id: number
  code: string
  name: string
  registered: boolean
  closed: boolean
  on_time: boolean
  dispatched: boolean
  reworked: boolean
  extended: boolean
  dispatched_at: Date | null
  handled_at: Date | null
}

export async function indicators(db: Kysely<Database>, calendar: WorkingCalendar, user: SignedInUser, grouping: IndicatorGrouping, range: { from: Date; to: Date }): Promise<Indicators[]> {
  const group =
    grouping.by === 'grid'
      ? sql`join grids k on k.id = ${sql.ref(`i.grid_l${grouping.level}_id`)}`
      : grouping.by === 'department'
        ? sql`join departments k on k.id = i.assignee_department_id`
        : sql`join users k on k.id = i.assignee_user_id and k.role = 'worker'`
  const keyCode = grouping.by === 'worker' ? sql`k.phone` : sql`k.code`
  const visible = incidentRowVisibleTo(user)
  const { rows } = await sql<Row>`
    select k.id, ${keyCode} as code, k.name,
      (i.registered_at is not null or i.self_handled) as registered, i.status = 'closed' as closed, coalesce(i.closed_on_time, false) as on_time,
      i.dispatched_at is not null as dispatched, i.rework_count > 0 as reworked, i.extension_count > 0 as extended, i.dispatched_at, i.handled_at
    from incidents i ${group}
    where i.created_at >= ${range.from} and i.created_at < ${range.to} and ${visible}`.execute(db)

  const groups = new Map<number, Row[]>()
  for (const r of rows) groups.set(r.id, [...(groups.get(r.id) ?? []), r])
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)
  return [...groups.values()]
    .map((g) => {
      const count = (p: (r: Row) => boolean) => g.filter(p).length
      const handled = g.filter((r) => r.dispatched_at && r.handled_at && r.handled_at > r.dispatched_at)
      const hours = handled.map((r) => workingHoursBetween(calendar, r.dispatched_at!, r.handled_at!))
      const registered = count((r) => r.registered)
      const closed = count((r) => r.closed)
      const dispatched = count((r) => r.dispatched)
      const closedOnTime = count((r) => r.closed && r.on_time)
      return {
        // A worker's key is their phone, masked as every list masks it (DESIGN.md: people's data).
        key: { id: g[0]!.id, code: grouping.by === 'worker' ? maskPhone(g[0]!.code) : g[0]!.code, name: g[0]!.name },
        reported: g.length,
        registered,
        closed,
        closedOnTime,
        closureRate: rate(closed, registered),
        onTimeRate: rate(closedOnTime, closed),
        reworkRate: rate(count((r) => r.dispatched && r.reworked), dispatched),
        extensionRate: rate(count((r) => r.dispatched && r.extended), dispatched),
        averageHandlingHours: hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null,
      }
    })
    .sort((a, b) => a.key.code.localeCompare(b.key.code))
}

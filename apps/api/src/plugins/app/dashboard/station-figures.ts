import { sql, type Kysely } from 'kysely'
import { SIX_HAVE_CODES, type SixHaveCode } from '@wangge/stations'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { stationRowVisibleTo } from '../stations/station-visibility.ts'

export interface StationFigures {
  /** At each point: active stations the user sees, and those whose latest audit by then passed all six haves. */
  series: { at: Date; stations: number; compliant: number }[]
  /** Now: per six-haves item, the stations whose latest audit failed it. */
  failures: { item: SixHaveCode; stations: number }[]
}

/**
 * The stations' compliance over time (DESIGN.md: compliant when the latest audit passes all six) and today's
 * failures per item. Stations are few (one per community and area), so this reads the audits directly.
 */
export async function stationFigures(
  db: Kysely<Database>,
  user: SignedInUser,
  points: readonly Date[],
): Promise<StationFigures> {
  const visible = stationRowVisibleTo(user)
  const { rows: series } = await sql<{ at: Date; stations: number; compliant: number }>`
    select p.at, count(s.id)::int as stations, (count(s.id) filter (where la.passed_all))::int as compliant
    from unnest(${points.map((p) => p.toISOString())}::timestamptz[]) p(at)
    left join stations s on s.active and ${visible}
    left join lateral (
      select a.passed_all from station_audits a where a.station_id = s.id and a.at <= p.at
      order by a.at desc, a.id desc limit 1
    ) la on true
    -- A station counts from its creation, or from its first audit when its record was entered later (the seed's are).
    where s.id is null or s.created_at <= p.at or la.passed_all is not null
    group by p.at order by p.at`.execute(db)
  const { rows: failed } = await sql<{ item: SixHaveCode; stations: number }>`
    select i.item, count(*)::int as stations
    from stations s
    join lateral (
      select a.id from station_audits a where a.station_id = s.id order by a.at desc, a.id desc limit 1
    ) la on true
    join station_audit_items i on i.audit_id = la.id and not i.passed
    where s.active and ${visible}
    group by i.item`.execute(db)
  const byItem = new Map(failed.map((f) => [f.item, f.stations]))
  return { series, failures: SIX_HAVE_CODES.map((item) => ({ item, stations: byItem.get(item) ?? 0 })) }
}

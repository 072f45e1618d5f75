import fp from 'fastify-plugin'
import { maskPhone } from '@wangge/accounts'
import { workingHoursBetween, type WorkingCalendar } from '@wangge/sla'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { CalendarRepository } from '../calendar/calendar-repository.ts'
import type { IncidentOutcome, IndicatorGrouping, StatsRepository } from './stats-repository.ts'

export type { IndicatorGrouping } from './stats-repository.ts'

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

/** The loop's indicators per grid, department or worker, counted in working hours on the working-day calendar. */
export function createStatsService(outcomes: StatsRepository, calendar: CalendarRepository) {
  return {
    async indicators(
      user: SignedInUser,
      grouping: IndicatorGrouping,
      range: { from: Date; to: Date },
    ): Promise<Indicators[]> {
      const [rows, workingCalendar] = await Promise.all([
        outcomes.incidentOutcomes(user, grouping, range),
        calendar.workingCalendar(),
      ])
      return indicatorsOf(rows, workingCalendar, grouping)
    },

    /** The registry per community (people, tags, organisations, the 5 + 2 rule) and a quarter's visit coverage. */
    registry: (user: SignedInUser, quarter?: string) => outcomes.registryIndicators(user, quarter),
  }
}

function indicatorsOf(rows: IncidentOutcome[], calendar: WorkingCalendar, grouping: IndicatorGrouping): Indicators[] {
  const groups = new Map<number, IncidentOutcome[]>()
  // Appended in place: copying the group for every row was quadratic, 36 s of CPU for one community's 78,000 cases of
  // a day (a browser on the city bench's database, profiled), with the server deaf to everyone meanwhile.
  for (const r of rows) {
    const group = groups.get(r.id)
    if (group) group.push(r)
    else groups.set(r.id, [r])
  }
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)
  return [...groups.values()]
    .map((g) => {
      const count = (p: (r: IncidentOutcome) => boolean) => g.filter(p).length
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
        reworkRate: rate(
          count((r) => r.dispatched && r.reworked),
          dispatched,
        ),
        extensionRate: rate(
          count((r) => r.dispatched && r.extended),
          dispatched,
        ),
        averageHandlingHours: hours.length ? hours.reduce((a, b) => a + b, 0) / hours.length : null,
      }
    })
    .sort((a, b) => a.key.code.localeCompare(b.key.code))
}

export type StatsService = ReturnType<typeof createStatsService>

declare module 'fastify' {
  interface FastifyInstance {
    statsService: StatsService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('statsService', createStatsService(fastify.statsRepository, fastify.calendarRepository))
  },
  { name: 'stats-service', dependencies: ['stats-repository', 'calendar-repository'] },
)

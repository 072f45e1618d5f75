import fp from 'fastify-plugin'
import { maskPhone } from '@wangge/accounts'
import { shanghaiIsoOf } from '@wangge/sla'
import type {
  DashboardBreakdown,
  DashboardFigures,
  DashboardHeat,
  DashboardRanking,
  DashboardStations,
  DashboardSummary,
  DashboardTrend,
  RankingSubject,
} from '@wangge/contract'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { AreaScope, DashboardRepository } from './dashboard-repository.ts'
import { MAX_DAILY_TREND_DAYS, parsePeriod, periodLength, previousPeriod, type Period } from './dashboard-period.ts'
import type { Measures } from './rollup-measures.ts'
import { rankingWorkbook, type RankingFile } from './ranking-export.ts'

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole)

/** The indicators from summed roll-up measures, by the statistics API's definitions. */
function figuresOf(m: Measures): DashboardFigures {
  return {
    reported: m.reported,
    registered: m.registered,
    closed: m.closed,
    closedOnTime: m.closed_on_time,
    dispatched: m.dispatched,
    reworked: m.reworked,
    extended: m.extended,
    closureRate: rate(m.closed, m.registered),
    onTimeRate: rate(m.closed_on_time, m.closed),
    reworkRate: rate(m.reworked, m.dispatched),
    extensionRate: rate(m.extended, m.dispatched),
    averageHandlingHours: m.handled === 0 ? null : m.handling_hours / m.handled,
  }
}

const DAY_MS = 86_400_000

/** The instants at which the stations' share is read: each month's end (each week's, up to 92 days) and `now`. */
function stationPoints(period: Period, now: Date): Date[] {
  const end = Math.min(Date.parse(`${period.to}T16:00:00Z`), now.getTime()) // the last day's end in Shanghai
  const start = Date.parse(`${period.from}T00:00:00+08:00`)
  const points: Date[] = []
  if (periodLength(period) <= MAX_DAILY_TREND_DAYS) {
    for (let t = start + 7 * DAY_MS - 1; t < end; t += 7 * DAY_MS) points.push(new Date(t))
  } else {
    const first = new Date(start + 8 * 3_600_000)
    for (let m = 1; ; m++) {
      const t = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1) - 8 * 3_600_000 - 1
      if (t >= end) break
      points.push(new Date(t))
    }
  }
  if (end > start) points.push(new Date(end))
  return points
}

/**
 * The dashboard's figures for a user's scope: a street-wide role reads the whole street; a supervisor the areas
 * under its grids, and nothing else. Periods are checked here (real dates, at most a year: 400 otherwise).
 */
export function createDashboardService(repository: DashboardRepository) {
  async function areaScope(user: SignedInUser): Promise<AreaScope> {
    const scope = scopeOf(user)
    return scope.streetWide ? { all: true } : { all: false, areaIds: await repository.areasWithin(scope.rootIds) }
  }

  async function rows(user: SignedInUser, period: Period, by: RankingSubject) {
    const scope = await areaScope(user)
    switch (by) {
      case 'community':
        return repository.byGrid(scope, period, 1)
      case 'area':
        return repository.byGrid(scope, period, 2)
      case 'grid':
        return repository.byGrid(scope, period, 3)
      case 'department':
        return repository.byDepartment(scope, period)
      case 'worker':
        return (await repository.byWorker(scope, period)).map((r) => ({ ...r, code: maskPhone(r.code) }))
    }
  }

  return {
    async summary(
      user: SignedInUser,
      query: { from: string; to: string },
      now = new Date(),
    ): Promise<DashboardSummary> {
      const period = parsePeriod(query.from, query.to)
      const before = previousPeriod(period)
      const scope = await areaScope(user)
      const [current, previous, open] = await Promise.all([
        repository.totals(scope, period),
        repository.totals(scope, before),
        repository.openNow(scope, now),
      ])
      return {
        period,
        previousPeriod: before,
        current: figuresOf(current),
        previous: figuresOf(previous),
        openNow: open.open,
        overdueNow: open.overdue,
      }
    },

    async trend(user: SignedInUser, query: { from: string; to: string }): Promise<DashboardTrend> {
      const period = parsePeriod(query.from, query.to)
      const bucket = periodLength(period) <= MAX_DAILY_TREND_DAYS ? 'day' : 'week'
      const points = await repository.trend(await areaScope(user), period, bucket)
      return {
        bucket,
        points: points.map((p) => ({
          start: p.start,
          reported: Number(p.reported),
          closed: Number(p.closed),
          closedOnTime: Number(p.closed_on_time),
          onTimeRate: rate(Number(p.closed_on_time), Number(p.closed)),
        })),
      }
    },

    async ranking(
      user: SignedInUser,
      query: { from: string; to: string; by: RankingSubject },
    ): Promise<DashboardRanking> {
      const period = parsePeriod(query.from, query.to)
      const found = await rows(user, period, query.by)
      return {
        by: query.by,
        rows: found.map((r) => ({ key: { id: r.id, code: r.code, name: r.name }, figures: figuresOf(r) })),
      }
    },

    /** The ranking as XLSX, its rows in the order `arrange` puts them (the table's sort). */
    async rankingFile(
      user: SignedInUser,
      query: { from: string; to: string; by: RankingSubject },
      arrange: (rows: DashboardRanking['rows']) => DashboardRanking['rows'],
    ): Promise<RankingFile> {
      const ranking = await this.ranking(user, query)
      return rankingWorkbook({ ...ranking, rows: arrange(ranking.rows) }, { from: query.from, to: query.to })
    },

    async breakdown(user: SignedInUser, query: { from: string; to: string }): Promise<DashboardBreakdown> {
      const period = parsePeriod(query.from, query.to)
      const scope = await areaScope(user)
      const [categories, sources] = await Promise.all([
        repository.byCategory(scope, period),
        repository.bySource(scope, period),
      ])
      const counted = (m: Measures) => ({
        reported: Number(m.reported),
        closed: Number(m.closed),
        closureRate: rate(Number(m.closed), Number(m.registered)),
      })
      return {
        categories: categories.map((c) => ({
          id: c.id,
          code: c.code,
          name: c.name,
          group: { id: c.group_id, code: c.group_code, name: c.group_name },
          ...counted(c),
        })),
        sources: sources.map((s) => ({ source: s.source, ...counted(s) })),
      }
    },

    async heat(user: SignedInUser, query: { from: string; to: string }): Promise<DashboardHeat> {
      const period = parsePeriod(query.from, query.to)
      const grids = await repository.byGrid(await areaScope(user), period, 3)
      return {
        cells: grids
          .filter((g) => Number(g.reported) > 0)
          .map((g) => ({ gridId: g.id, code: g.code, name: g.name, reported: Number(g.reported) })),
      }
    },

    async stations(
      user: SignedInUser,
      query: { from: string; to: string },
      now = new Date(),
    ): Promise<DashboardStations> {
      const period = parsePeriod(query.from, query.to)
      const figures = await repository.stationFigures(user, stationPoints(period, now))
      return {
        series: figures.series.map((p) => ({
          at: shanghaiIsoOf(new Date(p.at)),
          stations: p.stations,
          compliant: p.compliant,
          share: rate(p.compliant, p.stations),
        })),
        failures: figures.failures,
      }
    },
  }
}

export type DashboardService = ReturnType<typeof createDashboardService>

declare module 'fastify' {
  interface FastifyInstance {
    dashboardService: DashboardService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('dashboardService', createDashboardService(fastify.dashboardRepository))
  },
  { name: 'dashboard-service', dependencies: ['dashboard-repository'] },
)

import { Type, type Static } from '@sinclair/typebox'

// The managers' dashboard (issue 16): figures over a period of Asia/Shanghai days, from the daily roll-ups.

const Day = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', minLength: 10, maxLength: 10, description })
const Rate = Type.Union([Type.Number(), Type.Null()])

/** A period of whole days (both included), at most 366 of them. */
export const DashboardQuery = Type.Object({
  from: Day('起始日（含，北京时间）/ first day, Asia/Shanghai'),
  to: Day('截止日（含）/ last day (included)'),
})
export type DashboardQuery = Static<typeof DashboardQuery>

const DashboardPeriod = Type.Object({ from: Type.String(), to: Type.String() })

/**
 * The loop's indicators over the cases reported in a period, with their outcome as it stands:
 * 结案率 closed / registered, 按期结案率 closed on time / closed, 返工率 and 延期率 over dispatched cases, and the
 * average handling time in working hours (dispatch → handled). A rate with nothing to divide by is null.
 */
export const DashboardFigures = Type.Object({
  reported: Type.Integer(),
  registered: Type.Integer(),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  dispatched: Type.Integer(),
  reworked: Type.Integer(),
  extended: Type.Integer(),
  closureRate: Rate,
  onTimeRate: Rate,
  reworkRate: Rate,
  extensionRate: Rate,
  averageHandlingHours: Rate,
})
export type DashboardFigures = Static<typeof DashboardFigures>

export const DashboardSummary = Type.Object({
  period: DashboardPeriod,
  /** The period of the same length just before, for the change against it. */
  previousPeriod: DashboardPeriod,
  current: DashboardFigures,
  previous: DashboardFigures,
  /** Cases open now and, of those, past their due time (whatever day they were reported). */
  openNow: Type.Integer(),
  overdueNow: Type.Integer(),
})
export type DashboardSummary = Static<typeof DashboardSummary>

export const DashboardTrend = Type.Object({
  /** Per day up to 92 days, per week (starting Monday) past that. */
  bucket: Type.Union([Type.Literal('day'), Type.Literal('week')]),
  points: Type.Array(
    Type.Object({
      start: Type.String(),
      reported: Type.Integer(),
      closed: Type.Integer(),
      closedOnTime: Type.Integer(),
      onTimeRate: Rate,
    }),
  ),
})
export type DashboardTrend = Static<typeof DashboardTrend>

// Listed literally: a mapped array would type the union as never.
export const RankingSubject = Type.Union([
  Type.Literal('community'),
  Type.Literal('area'),
  Type.Literal('grid'),
  Type.Literal('department'),
  Type.Literal('worker'),
])
export type RankingSubject = Static<typeof RankingSubject>

export const RankingQuery = Type.Object({ ...DashboardQuery.properties, by: RankingSubject })
export type RankingQuery = Static<typeof RankingQuery>

export const RankingRow = Type.Object({
  key: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  figures: DashboardFigures,
})
export type RankingRow = Static<typeof RankingRow>

export const DashboardRanking = Type.Object({ by: RankingSubject, rows: Type.Array(RankingRow) })
export type DashboardRanking = Static<typeof DashboardRanking>

const Counted = { reported: Type.Integer(), closed: Type.Integer(), closureRate: Rate }

export const DashboardBreakdown = Type.Object({
  categories: Type.Array(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      group: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
      ...Counted,
    }),
  ),
  // A source as `incidents.source` names it (worker, supervisor, hotline, open311, patrol).
  sources: Type.Array(Type.Object({ source: Type.String(), ...Counted })),
})
export type DashboardBreakdown = Static<typeof DashboardBreakdown>

/** Reports per unit grid over the period (grids with none are left out). */
export const DashboardHeat = Type.Object({
  cells: Type.Array(
    Type.Object({ gridId: Type.Integer(), code: Type.String(), name: Type.String(), reported: Type.Integer() }),
  ),
})
export type DashboardHeat = Static<typeof DashboardHeat>

export const DashboardStations = Type.Object({
  /** At the end of each month (each week for short periods) up to today: the compliant share of active stations. */
  series: Type.Array(
    Type.Object({ at: Type.String(), stations: Type.Integer(), compliant: Type.Integer(), share: Rate }),
  ),
  failures: Type.Array(Type.Object({ item: Type.String(), stations: Type.Integer() })),
})
export type DashboardStations = Static<typeof DashboardStations>

/** What a ranking table is sorted by: an indicator (nulls last), or the key's code. */
export type RankingSort =
  | 'code'
  | 'reported'
  | 'closed'
  | 'closureRate'
  | 'onTimeRate'
  | 'reworkRate'
  | 'extensionRate'
  | 'averageHandlingHours'

/** The ranking as a spreadsheet, in the order the table shows it. */
export const RankingExportQuery = Type.Object({
  ...RankingQuery.properties,
  sort: Type.Optional(
    Type.Union([
      Type.Literal('code'),
      Type.Literal('reported'),
      Type.Literal('closed'),
      Type.Literal('closureRate'),
      Type.Literal('onTimeRate'),
      Type.Literal('reworkRate'),
      Type.Literal('extensionRate'),
      Type.Literal('averageHandlingHours'),
    ]),
  ),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
})
export type RankingExportQuery = Static<typeof RankingExportQuery>

/** Sorts ranking rows as the table and its export do: by one indicator, nulls last either way, then by code. */
export function sortRanking<T extends { key: { code: string }; figures: DashboardFigures }>(
  rows: readonly T[],
  sort: RankingSort,
  order: 'asc' | 'desc',
): T[] {
  const sign = order === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    if (sort === 'code') return sign * a.key.code.localeCompare(b.key.code)
    const x = a.figures[sort]
    const y = b.figures[sort]
    if (x === null || y === null) return x === y ? a.key.code.localeCompare(b.key.code) : x === null ? 1 : -1
    return x === y ? a.key.code.localeCompare(b.key.code) : sign * (x - y)
  })
}

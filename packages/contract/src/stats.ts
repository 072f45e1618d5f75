import { Type, type Static } from '@sinclair/typebox'
import { Timestamp } from './schema-types.ts'

const Rate = Type.Union([Type.Number(), Type.Null()])

/** One grid's, department's or worker's indicators over a period (rates are null when nothing was counted). */
export const IndicatorRow = Type.Object({
  key: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }),
  reported: Type.Integer(),
  registered: Type.Integer(),
  closed: Type.Integer(),
  closedOnTime: Type.Integer(),
  closureRate: Rate,
  onTimeRate: Rate,
  reworkRate: Rate,
  extensionRate: Rate,
  averageHandlingHours: Rate,
})
export type IndicatorRow = Static<typeof IndicatorRow>

const Range = {
  from: Timestamp({ description: '上报时间起（含）/ reported from (inclusive)' }),
  to: Timestamp({ description: '上报时间止（不含）/ reported before' }),
}

/** The period; the per-grid indicators also take the grid level. */
export const IndicatorQuery = Type.Object(Range)
export const GridIndicatorQuery = Type.Object({ ...Range, level: Type.Integer({ minimum: 1, maximum: 3, default: 1 }) })

/** The registry's indicators: which quarter's visits count toward coverage (this quarter, Asia/Shanghai, if none). */
export const RegistryStatsQuery = Type.Object({
  quarter: Type.Optional(
    Type.String({
      pattern: '^(19[7-9][0-9]|2[01][0-9]{2})-Q[1-4]$',
      description:
        '走访覆盖率的季度（上海时间），默认本季度 / the quarter of visit coverage, e.g. 2026-Q4; default this one',
    }),
  ),
})
export type RegistryStatsQuery = Static<typeof RegistryStatsQuery>

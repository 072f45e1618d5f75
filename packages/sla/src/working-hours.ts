/** Asia/Shanghai has been UTC+8 all year since 1991 (no DST), so a fixed offset is exact and machine-independent. */
export const SHANGHAI_UTC_OFFSET_HOURS = 8

/** One stretch of working time in a working day, as Asia/Shanghai wall-clock times 'HH:MM'. */
export interface WorkingPeriod {
  readonly start: string
  readonly end: string
}

/** The office's working hours, Asia/Shanghai: the one place to change them. In order, not overlapping. */
export const WORKING_PERIODS: readonly WorkingPeriod[] = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
]

const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000

/** A working period as milliseconds after Shanghai midnight. */
export interface PeriodMs {
  readonly startMs: number
  readonly endMs: number
}

function clockToMs(clock: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock)
  if (!match) throw new RangeError(`working-period time must be 'HH:MM', got '${clock}'`)
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS
}

function toPeriodsMs(periods: readonly WorkingPeriod[]): readonly PeriodMs[] {
  const result = periods.map(({ start, end }) => ({ startMs: clockToMs(start), endMs: clockToMs(end) }))
  result.forEach((period, index) => {
    const previous = result[index - 1]
    if (period.endMs <= period.startMs || (previous && period.startMs < previous.endMs)) {
      throw new RangeError('WORKING_PERIODS must be non-empty periods, in order and not overlapping')
    }
  })
  if (result.length === 0) throw new RangeError('WORKING_PERIODS must not be empty')
  return result
}

/** WORKING_PERIODS in milliseconds after Shanghai midnight; checked once, when the module loads. */
export const PERIODS_MS: readonly PeriodMs[] = toPeriodsMs(WORKING_PERIODS)

/** When the working day opens and closes (08:30 and 17:30), in milliseconds after Shanghai midnight. */
export const OPENING_MS = PERIODS_MS[0]!.startMs
export const CLOSING_MS = PERIODS_MS[PERIODS_MS.length - 1]!.endMs

/** Working hours in one working day (7.5), derived from WORKING_PERIODS so the two cannot disagree. */
export const WORKING_HOURS_PER_DAY: number = PERIODS_MS.reduce((sum, p) => sum + p.endMs - p.startMs, 0) / HOUR_MS

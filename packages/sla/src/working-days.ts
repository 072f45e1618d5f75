import { dayNumberOf, dayStartMs, validInstantMs } from './shanghai-day.ts'
import { isWorkingDayNumber, nthWorkingDayAfter, type WorkingCalendar } from './working-calendar.ts'
import { CLOSING_MS, OPENING_MS, PERIODS_MS } from './working-hours.ts'

/**
 * "Within N working days", as a supervisor reads it:
 * - started inside the working day (after 08:30, before 17:30, on a working day): the same time of day on the N-th
 *   following working day — Tuesday 10:00 + 2 → Thursday 10:00. A start in the lunch break counts from 13:30.
 * - started before 08:30 on a working day: that day is day 1, due at 17:30 on day N — Tuesday 08:00 + 2 → Wednesday
 *   17:30 (08:30 exactly counts the same way: the whole day is still ahead).
 * - started at or after 17:30, or on a non-working day: the next working day is day 1, due at 17:30 on day N —
 *   Saturday + 2 → Tuesday 17:30.
 * Either way exactly N × 7.5 working hours lie between start and due time (the same working time as
 * addWorkingHours(start, 7.5 N); only the instant shown differs where several are equivalent, e.g. lunch).
 * `days` = 0 returns `start` itself.
 */
export function addWorkingDays(calendar: WorkingCalendar, start: Date, days: number): Date {
  const startMs = validInstantMs(start, 'start')
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${days}`)
  if (days === 0) return new Date(startMs)
  const day = dayNumberOf(startMs)
  const clockMs = startMs - dayStartMs(day)
  const working = isWorkingDayNumber(calendar, day)
  if (working && clockMs > OPENING_MS && clockMs < CLOSING_MS) {
    return new Date(dayStartMs(nthWorkingDayAfter(calendar, day, days)) + countingClock(clockMs))
  }
  const firstFullDay = working && clockMs <= OPENING_MS ? day : nthWorkingDayAfter(calendar, day, 1)
  return new Date(dayStartMs(nthWorkingDayAfter(calendar, firstFullDay, days - 1)) + CLOSING_MS)
}

/** The clock time counting starts from: itself inside a working period, else the start of the next period. */
function countingClock(clockMs: number): number {
  const period = PERIODS_MS.find(({ endMs }) => clockMs < endMs)
  return period ? Math.max(clockMs, period.startMs) : clockMs
}

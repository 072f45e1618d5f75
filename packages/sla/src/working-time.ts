import { dayNumberOf, dayStartMs, validInstantMs } from './shanghai-day.ts'
import { isWorkingDayNumber, type WorkingCalendar } from './working-calendar.ts'
import { HOUR_MS, PERIODS_MS } from './working-hours.ts'

/** The working intervals [startMs, endMs) at or after `fromMs`, in order, the first one clipped at `fromMs`. */
function* workingIntervalsFrom(calendar: WorkingCalendar, fromMs: number): Generator<readonly [number, number]> {
  for (let day = dayNumberOf(fromMs); ; day += 1) {
    if (!isWorkingDayNumber(calendar, day)) continue
    const midnight = dayStartMs(day)
    for (const { startMs, endMs } of PERIODS_MS) {
      const start = Math.max(midnight + startMs, fromMs)
      const end = midnight + endMs
      if (start < end) yield [start, end]
    }
  }
}

/**
 * The earliest instant at which `hours` of working time have elapsed since `start`. Time outside working periods
 * (nights, lunch, non-working days) does not count, so a start outside working time starts counting at the next
 * working period. Being the earliest such instant, a limit that runs out at the end of a period ends there
 * (08:30 + 3.5 h → 12:00, not 13:30; + 7.5 h → 17:30 that day). `hours` = 0 returns `start` itself.
 * Fractional hours are honoured to the millisecond.
 */
export function addWorkingHours(calendar: WorkingCalendar, start: Date, hours: number): Date {
  const startMs = validInstantMs(start, 'start')
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a finite number ≥ 0, got ${hours}`)
  let remaining = Math.round(hours * HOUR_MS)
  if (remaining === 0) return new Date(startMs)
  for (const [intervalStart, intervalEnd] of workingIntervalsFrom(calendar, startMs)) {
    if (remaining <= intervalEnd - intervalStart) return new Date(intervalStart + remaining)
    remaining -= intervalEnd - intervalStart
  }
  throw new Error('unreachable: working intervals never run out')
}

/**
 * Working hours between two instants, e.g. for average handling time. Signed: when `to` is before `from` the result
 * is negative (−workingHoursBetween(to, from)), so sums over consecutive spans add up; callers averaging handling
 * times decide themselves what a negative span (a clock error) means. Inverse of `addWorkingHours`:
 * workingHoursBetween(s, addWorkingHours(s, h)) = h.
 */
export function workingHoursBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const fromMs = validInstantMs(from, 'from')
  const toMs = validInstantMs(to, 'to')
  if (toMs < fromMs) return -workingHoursBetween(calendar, to, from)
  let totalMs = 0
  for (const [intervalStart, intervalEnd] of workingIntervalsFrom(calendar, fromMs)) {
    if (intervalStart >= toMs) break
    totalMs += Math.min(intervalEnd, toMs) - intervalStart
  }
  return totalMs / HOUR_MS
}

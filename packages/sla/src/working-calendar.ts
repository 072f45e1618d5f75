import { isWeekend, parseIsoDate, type DayNumber, isoDateOfDay } from './shanghai-day.ts'

/** One exception to Monday–Friday: a row of the `calendar_days` table. */
export interface CalendarDay {
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  readonly date: string
  /** false: a public holiday (also allowed on a weekend, for completeness); true: a make-up working day (调休). */
  readonly working: boolean
  readonly note?: string | null
}

/** Monday–Friday, overridden by exceptions. Plain data: build it with `createWorkingCalendar`. */
export interface WorkingCalendar {
  readonly exceptions: ReadonlyMap<string, CalendarDay>
}

/**
 * A calendar from exception rows (e.g. `[...CHINA_2026, ...rowsFromDb]`). A later row for the same date replaces an
 * earlier one. Years with no rows fall back to plain Monday–Friday, so load every year a deadline can reach.
 */
export function createWorkingCalendar(days: Iterable<CalendarDay>): WorkingCalendar {
  const exceptions = new Map<string, CalendarDay>()
  for (const day of days) {
    if (parseIsoDate(day.date) === undefined)
      throw new RangeError(`calendar date must be 'YYYY-MM-DD', got '${day.date}'`)
    exceptions.set(day.date, day)
  }
  return { exceptions }
}

/** Whether a 'YYYY-MM-DD' date (Asia/Shanghai) is a working day in this calendar. */
export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  const day = parseIsoDate(date)
  if (day === undefined) throw new RangeError(`date must be 'YYYY-MM-DD', got '${date}'`)
  return isWorkingDayNumber(calendar, day)
}

export function isWorkingDayNumber(calendar: WorkingCalendar, day: DayNumber): boolean {
  return calendar.exceptions.get(isoDateOfDay(day))?.working ?? !isWeekend(day)
}

/** The n-th working day after `day` (n = 0: `day` itself). */
export function nthWorkingDayAfter(calendar: WorkingCalendar, day: DayNumber, n: number): DayNumber {
  let current = day
  for (let counted = 0; counted < n;) {
    current += 1
    if (isWorkingDayNumber(calendar, current)) counted += 1
  }
  return current
}

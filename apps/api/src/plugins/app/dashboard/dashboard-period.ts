import { sql, type RawBuilder } from 'kysely'
import { AppError } from '../../../errors.ts'

/** The longest period the dashboard answers for: a year and a day, so any calendar year or leap year fits. */
export const MAX_PERIOD_DAYS = 366
/** Past this many days a trend is drawn per week: a quarter per day is still readable, a year is not. */
export const MAX_DAILY_TREND_DAYS = 92

const DAY_MS = 86_400_000
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** An inclusive range of Asia/Shanghai calendar days, 'YYYY-MM-DD'. */
export interface Period {
  from: string
  to: string
}

function dayNumber(date: string): number | undefined {
  if (!ISO_DATE.test(date)) return undefined
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined
  return ms / DAY_MS
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

function invalid(field: string, message: string): AppError {
  return new AppError(400, 'VALIDATION_FAILED', message, [{ field, message }])
}

/** Checks a period from a query: real dates, from ≤ to, at most MAX_PERIOD_DAYS days (400 otherwise). */
export function parsePeriod(from: string, to: string): Period {
  const a = dayNumber(from)
  if (a === undefined) throw invalid('from', `开始日期无效 / from is not a date: ${from.slice(0, 20)}`)
  const b = dayNumber(to)
  if (b === undefined) throw invalid('to', `结束日期无效 / to is not a date: ${to.slice(0, 20)}`)
  if (b < a) throw invalid('to', '结束日期早于开始日期 / to is before from')
  if (b - a + 1 > MAX_PERIOD_DAYS)
    throw invalid('to', `时间范围最长 ${MAX_PERIOD_DAYS} 天 / a period is at most ${MAX_PERIOD_DAYS} days`)
  return { from, to }
}

export function periodLength(period: Period): number {
  return dayNumber(period.to)! - dayNumber(period.from)! + 1
}

/** The period of the same length just before this one, for the change against it. */
export function previousPeriod(period: Period): Period {
  const a = dayNumber(period.from)!
  const length = periodLength(period)
  return { from: dateOf(a - length), to: dateOf(a - 1) }
}

/** The period's whole calendar months, and the day ranges outside them (at most one before, one after). */
export function periodParts(period: Period): { months: string[]; dayRanges: [string, string][] } {
  const a = dayNumber(period.from)!
  const b = dayNumber(period.to)!
  const months: string[] = []
  const first = new Date(a * DAY_MS)
  // The first month that starts on or after `from`.
  let cursor = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + (first.getUTCDate() === 1 ? 0 : 1), 1) / DAY_MS
  const firstMonth = cursor
  for (;;) {
    const start = new Date(cursor * DAY_MS)
    const next = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) / DAY_MS
    if (next - 1 > b) break
    months.push(dateOf(cursor))
    cursor = next
  }
  if (months.length === 0) return { months, dayRanges: [[period.from, period.to]] }
  const dayRanges: [string, string][] = []
  if (firstMonth > a) dayRanges.push([period.from, dateOf(firstMonth - 1)])
  if (cursor <= b) dayRanges.push([dateOf(cursor), period.to])
  return { months, dayRanges }
}

/**
 * The roll-up rows (of a table aliased `r`) that add up to the period: its whole months' month rows and the day rows
 * of the days around them.
 */
export function periodRows(period: Period): RawBuilder<boolean> {
  const { months, dayRanges } = periodParts(period)
  const days = dayRanges.map(([from, to]) => sql`r.day between ${from}::date and ${to}::date`)
  const dayRows = days.length ? sql`(r.span = 'day' and (${sql.join(days, sql` or `)}))` : sql`false`
  const monthRows = months.length ? sql`(r.span = 'month' and r.day = any(${months}::date[]))` : sql`false`
  return sql<boolean>`(${monthRows} or ${dayRows})`
}

import { HOUR_MS, SHANGHAI_UTC_OFFSET_HOURS } from './working-hours.ts'

// Every date computation goes through these: a Shanghai calendar day is an integer (days since 1970-01-01 in
// Shanghai) and its midnight is a UTC instant shifted by the fixed offset. Only UTC accessors are used, so the
// machine's time zone (UTC on CI) never matters.

const DAY_MS = 86_400_000
const OFFSET_MS = SHANGHAI_UTC_OFFSET_HOURS * HOUR_MS
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Days since 1970-01-01, counted in Asia/Shanghai. */
export type DayNumber = number

export function dayNumberOf(instantMs: number): DayNumber {
  return Math.floor((instantMs + OFFSET_MS) / DAY_MS)
}

/** The UTC instant (ms) of Shanghai midnight that starts the day. */
export function dayStartMs(day: DayNumber): number {
  return day * DAY_MS - OFFSET_MS
}

export function isoDateOfDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** The day named by a 'YYYY-MM-DD' date, or undefined when it is not a real calendar date (2026-02-30). */
export function parseIsoDate(date: string): DayNumber | undefined {
  if (!ISO_DATE.test(date)) return undefined
  const ms = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined
  return ms / DAY_MS
}

export function isWeekend(day: DayNumber): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday === 0 || weekday === 6
}

/** The Asia/Shanghai calendar date 'YYYY-MM-DD' of an instant, whatever the machine's time zone. */
export function shanghaiDateOf(instant: Date): string {
  return isoDateOfDay(dayNumberOf(validInstantMs(instant, 'instant')))
}

export function validInstantMs(instant: Date, name: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`)
  return ms
}

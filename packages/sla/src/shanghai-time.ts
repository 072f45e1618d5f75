import { dayNumberOf, dayStartMs } from './shanghai-day.ts'
import { HOUR_MS, SHANGHAI_UTC_OFFSET_HOURS } from './working-hours.ts'

// The street reads every time in Asia/Shanghai (DESIGN.md). These are the one TypeScript home of that clock for
// the packages, the API and the web; the API's SQL twin is apps/api/src/db/shanghai-time.ts, which must format
// byte for byte like `shanghaiIsoOf`.

/** The fixed UTC+8 offset in milliseconds, for wall-clock arithmetic on UTC accessors. */
export const SHANGHAI_UTC_OFFSET_MS = SHANGHAI_UTC_OFFSET_HOURS * HOUR_MS

/** ISO 8601 to the millisecond with the +08:00 offset, as every API time goes out: '2026-10-09T10:00:00.000+08:00'. */
export function shanghaiIsoOf(instant: Date): string {
  return `${new Date(instant.getTime() + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 23)}+08:00`
}

/** Shanghai midnight that starts the day `atMs` falls on, `daysBack` days earlier: "today", "last 7 days" filters. */
export function shanghaiMidnightOf(atMs: number, daysBack = 0): Date {
  return new Date(dayStartMs(dayNumberOf(atMs) - daysBack))
}

import { sql, type Expression, type RawBuilder } from 'kysely'

// The street reads every time in Asia/Shanghai (DESIGN.md). Times leave the API as ISO 8601 with the +08:00
// offset, formatted in SQL so a row goes straight into a reply; these helpers are the one place that format is
// written. They must print byte for byte what @wangge/sla's `shanghaiIsoOf` prints: the web and the tests read
// both. Plain to_char and `at time zone`, so PGlite (the embedded database) runs them as PostgreSQL does.

const ZONE = 'Asia/Shanghai'
/** ISO 8601 to the millisecond: '2026-10-09T10:00:00.000+08:00'. */
const ISO_MS_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"'
/** ISO 8601 to the second, for the replies that have always gone out without milliseconds (users' createdAt). */
const ISO_S_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'
/**
 * A time past year 9999 (an extension stored before extensions were limited to a year) would print a five-digit
 * year that a reply's date-time schema refuses, failing every read of the case: it goes out as the last
 * millisecond of 9999 instead.
 */
const LAST_PRINTABLE = sql.lit('9999-12-31T23:59:59.999+08:00')

/** A timestamptz column ('i.created_at') or any timestamptz expression. */
export type Instant = string | Expression<Date | null> | RawBuilder<unknown>

function instant(value: Instant) {
  return typeof value === 'string' ? sql.ref(value) : value
}

/** The Shanghai wall-clock time (a `timestamp` without zone) of an instant: for calendar arithmetic in SQL. */
export function shanghaiWallClock(value: Instant): RawBuilder<Date> {
  return sql`(${instant(value)} at time zone ${sql.lit(ZONE)})`
}

/** The Shanghai calendar day (a `date`) of an instant, as @wangge/sla's `shanghaiDateOf` counts it. */
export function shanghaiDay(value: Instant): RawBuilder<string> {
  return sql`(${shanghaiWallClock(value)})::date`
}

/** A bound JavaScript instant as a timestamptz, so a query counts "now" from the clock the caller was given. */
export function instantParameter(at: Date): RawBuilder<Date> {
  return sql`${at.toISOString()}::timestamptz`
}

/** ISO 8601 with +08:00, to the millisecond; null stays null. */
export function shanghaiIso<T extends string | null = string>(value: Instant): RawBuilder<T> {
  return sql`to_char(${instant(value)} at time zone ${sql.lit(ZONE)}, ${sql.lit(ISO_MS_FORMAT)})`
}

/** As `shanghaiIso`, but to the second. */
export function shanghaiIsoToSecond<T extends string | null = string>(value: Instant): RawBuilder<T> {
  return sql`to_char(${instant(value)} at time zone ${sql.lit(ZONE)}, ${sql.lit(ISO_S_FORMAT)})`
}

/** As `shanghaiIso`, for a column that may hold a time past year 9999: such a time goes out as 9999's last millisecond. */
export function printableShanghaiIso(column: string): RawBuilder<string | null> {
  const ref = sql.ref(column)
  return shanghaiIso<string | null>(
    sql`case when ${ref} > ${LAST_PRINTABLE}::timestamptz then ${LAST_PRINTABLE}::timestamptz else ${ref} end`,
  )
}

// The same fragments as text, for the statements kept as text to be prepared by name (report-statement.ts).

/** `shanghaiIso` for SQL written as text: `expression` is SQL, never a value from a request. */
export function shanghaiIsoText(expression: string): string {
  return `to_char(${expression} at time zone '${ZONE}', '${ISO_MS_FORMAT}')`
}

/** `shanghaiDay` for SQL written as text: `expression` is SQL, never a value from a request. */
export function shanghaiDayText(expression: string): string {
  return `(${expression} at time zone '${ZONE}')::date`
}

import { FormatRegistry, Type, type StringOptions } from '@sinclair/typebox'

/**
 * The request schemas' building blocks for values that reach a column: bounded so that PostgreSQL never sees a
 * value it refuses (which would answer 500 after the request passed validation), and refused with 400 instead.
 */

/** The largest value of an `integer` column (and of an `integer generated always as identity` key). */
export const INT4_MAX = 2_147_483_647
/** The largest value of a `bigint` column (`bigserial` keys, incidents, audits, the event log's `seq`). */
export const INT8_MAX = 9_223_372_036_854_775_807n

/** The id of a row keyed by an `integer` identity: 1..2³¹−1. */
export const Id = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: INT4_MAX, ...options })

/**
 * A regular expression for the decimal numbers 0..max with no leading zeros, e.g. `(0|[1-9]\d{0,8}|1\d{9}|20\d{8}|…)`.
 * Keys of `bigint` columns travel as strings (a JSON number loses precision past 2⁵³), so their bound is a pattern.
 */
export function decimalAtMost(max: bigint): string {
  const digits = max.toString()
  const branches = ['0']
  if (digits.length > 1) branches.push(`[1-9]\\d{0,${digits.length - 2}}`)
  // Same length as max: equal to max up to position i, smaller at i, anything after.
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i])
    const low = i === 0 ? 1 : 0
    if (d > low) {
      const rest = digits.length - i - 1
      branches.push(`${digits.slice(0, i)}[${low}-${d - 1}]${rest > 0 ? `\\d{${rest}}` : ''}`)
    }
  }
  branches.push(digits)
  return `(${branches.join('|')})`
}

/** The id of a row keyed by a `bigint` identity, as a string of 1..2⁶³−1. */
export const BigIdText = (options: { description?: string } = {}) =>
  Type.String({ pattern: `^(?!0)${decimalAtMost(INT8_MAX)}$`, ...options })

/** A page cursor: the last id of the previous page, within the key's column type. */
export const Cursor = (max: bigint) =>
  Type.String({ pattern: `^${decimalAtMost(max)}$`, description: '上一页最后一条的 id / last id of the previous page' })

/**
 * Text that may be stored: no control characters but tab, line feed and carriage return (what a textarea sends).
 * PostgreSQL refuses NUL in `text` outright; the others are never meant and break CSV exports and logs.
 */
export const TEXT_PATTERN = '^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$'
export const Text = (options: Omit<StringOptions, 'pattern'> & { maxLength: number }) =>
  Type.String({ ...options, pattern: TEXT_PATTERN })

/** Years a timestamp may name: the platform's past and any plausible deadline, nothing a column or a Date mangles. */
export const TIMESTAMP_YEARS = { min: 1970, max: 2199 } as const

/**
 * RFC 3339 with seconds, years 1970–2199, and no leap second: Ajv's `date-time` accepts 23:59:60, which a JS Date
 * cannot hold (it becomes Invalid Date and the query fails). Ajv checks the rest (the day exists in its month).
 */
const TIMESTAMP_PATTERN =
  '^(19[7-9][0-9]|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-5][0-9]([.][0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$'
const TIMESTAMP_SHAPE = new RegExp(TIMESTAMP_PATTERN)

/** The same rule for TypeBox's own checks (the hand-parsed multipart forms), where formats are registered by hand. */
export function isTimestamp(text: string): boolean {
  if (!TIMESTAMP_SHAPE.test(text)) return false
  const [year, month, day, hour, minute] = text
    .slice(0, 16)
    .split(/[-Tt:]/)
    .map(Number) as [number, number, number, number, number]
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > new Date(Date.UTC(year, month, 0)).getUTCDate() ||
    hour > 23 ||
    minute > 59
  )
    return false
  const offset = /([+-])([0-9]{2}):([0-9]{2})$/.exec(text)
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false
  return !Number.isNaN(Date.parse(text))
}
if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isTimestamp)

/** An instant in a request: a real one, in a sane range. */
export const Timestamp = (options: { description?: string } = {}) =>
  Type.String({ format: 'date-time', pattern: TIMESTAMP_PATTERN, ...options })

const DAY_PATTERN = '^(19[7-9][0-9]|2[01][0-9]{2})-[0-9]{2}-[0-9]{2}$'

/** A calendar day that exists (a JS Date turns 02-31 into 03-03; PostgreSQL refuses it), years as timestamps'. */
export function isDay(text: string): boolean {
  if (!new RegExp(DAY_PATTERN).test(text)) return false
  const [year, month, day] = text.split('-').map(Number) as [number, number, number]
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}
if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isDay)

/** A calendar day in a request (YYYY-MM-DD). */
export const Day = (options: { description?: string } = {}) =>
  Type.String({ format: 'date', pattern: DAY_PATTERN, ...options })

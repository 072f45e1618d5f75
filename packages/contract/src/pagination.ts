import { Type } from '@sinclair/typebox'
import { Cursor, INT4_MAX, INT8_MAX } from './schema-types.ts'

const limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 })

/** Keyset pagination over a `bigint` key: `cursor` is the last id of the previous page; lists are never unbounded. */
export const PageQuery = { cursor: Type.Optional(Cursor(INT8_MAX)), limit }

/** The same over an `integer` key (users): a cursor past 2³¹−1 is refused, not compared with the column. */
export const IntPageQuery = { cursor: Type.Optional(Cursor(BigInt(INT4_MAX))), limit }

export const pageOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })

/** One keyset page of a list, as the web reads it; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

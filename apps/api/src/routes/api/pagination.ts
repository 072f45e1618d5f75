import { Type } from '@sinclair/typebox'

/** Keyset pagination: `cursor` is the last id of the previous page; lists are never unbounded. */
export const PageQuery = {
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '上一页最后一条的 id / last id of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
}

export const pageOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) })

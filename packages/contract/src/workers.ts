import { Type, type Static } from '@sinclair/typebox'
import { BBoxParam } from './bbox.ts'
import { Id } from './schema-types.ts'

// @wangge/sla's STALE_POSITION_AFTER_S (10 minutes) decides `stale`; the description only tells a reader of /api/docs.
export const WorkerPosition = Type.Object({
  userId: Type.Integer(),
  name: Type.String(),
  lng: Type.Number(),
  lat: Type.Number(),
  accuracy: Type.Union([Type.Number(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
  stale: Type.Boolean({ description: '超过 10 分钟未更新 / older than 10 minutes' }),
  grids: Type.Unsafe<[number, number, number]>(
    Type.Array(Type.Integer(), { minItems: 3, maxItems: 3, description: '[l1, l2, l3]' }),
  ),
  distanceM: Type.Union([Type.Number(), Type.Null()], {
    description: '到 near 的距离（米）/ metres to `near`, when given',
  }),
})
export type WorkerPosition = Static<typeof WorkerPosition>

const PointParam = Type.String({
  pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?\\s*$',
  description: 'lng,lat (WGS-84)',
})

export const WorkerPositionsQuery = Type.Object({
  bbox: Type.Optional(BBoxParam),
  grid: Type.Optional(Id({ description: '只看此网格（含下级）/ only this grid’s subtree' })),
  near: Type.Optional(PointParam),
  limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500 }),
})

export const WorkerPositions = Type.Object({ items: Type.Array(WorkerPosition) })
export type WorkerPositions = Static<typeof WorkerPositions>

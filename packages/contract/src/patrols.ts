import { Type, type Static } from '@sinclair/typebox'
import { BigIdText, Day, Id, Timestamp } from './schema-types.ts'
import { PageQuery, pageOf } from './pagination.ts'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

export const PatrolParams = Type.Object({ id: BigIdText() })

export const StartPatrolBody = Type.Object(
  {
    clientId: Type.String({ pattern: UUID, description: '客户端生成的幂等键 / idempotency key chosen by the client' }),
    at: Timestamp({ description: '手机上开始的时间 / when the phone started it' }),
  },
  { additionalProperties: false },
)
export type StartPatrolBody = Static<typeof StartPatrolBody>

export const EndPatrolBody = Type.Object({ at: Timestamp() }, { additionalProperties: false })
export type EndPatrolBody = Static<typeof EndPatrolBody>

export const PatrolPointInput = Type.Object(
  {
    id: Type.String({ pattern: UUID, description: '手机给每个点的 id（重发只存一次）/ the phone’s id of the point' }),
    at: Timestamp(),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    accuracy: Type.Union([Type.Number({ minimum: 0, maximum: 100_000 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type PatrolPointInput = Static<typeof PatrolPointInput>

/** A batch in time order as the outbox holds it; a resent batch is stored once (ids). */
export const PatrolPointsBody = Type.Object(
  { points: Type.Array(PatrolPointInput, { minItems: 1, maxItems: 500 }) },
  { additionalProperties: false },
)
export type PatrolPointsBody = Static<typeof PatrolPointsBody>

export const PatrolSummary = Type.Object({
  id: Type.String(),
  workerId: Type.Integer(),
  workerName: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lengthM: Type.Number(),
  durationS: Type.Integer({ description: '开始到结束（进行中到最后一个点）/ start to end, or to the last point' }),
  pointCount: Type.Integer(),
  outlierCount: Type.Integer({ description: '被滤掉的点 / points dropped as outliers' }),
  gridCount: Type.Integer(),
})
export type PatrolSummary = Static<typeof PatrolSummary>

export const PatrolPointsReply = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer({ description: '此前已收到 / already stored' }),
  dropped: Type.Integer({
    description: '精度差、速度异常或时间倒退 / poor accuracy, impossible speed or out of order',
  }),
  patrol: PatrolSummary,
})
export type PatrolPointsReply = Static<typeof PatrolPointsReply>

/** The ack of `patrol.points` on the live connection: the HTTP route's reply, or its error code and message. */
export type PatrolPointsAck = { ok: true; reply: PatrolPointsReply } | { ok: false; code: string; message: string }

export const PatrolGrid = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  firstAt: Type.String({ format: 'date-time' }),
  lastAt: Type.String({ format: 'date-time' }),
})
export type PatrolGrid = Static<typeof PatrolGrid>

export const PatrolTrackPoint = Type.Object({
  at: Type.String({ format: 'date-time' }),
  lng: Type.Number(),
  lat: Type.Number(),
})
export type PatrolTrackPoint = Static<typeof PatrolTrackPoint>

/** A patrol with its track: the points in time order (for replay) and the line simplified for display. */
export const PatrolDetail = Type.Object({
  patrol: PatrolSummary,
  points: Type.Array(PatrolTrackPoint),
  line: Type.Union([Type.Unsafe<{ type: 'LineString'; coordinates: [number, number][] }>(Type.Any()), Type.Null()]),
  grids: Type.Array(PatrolGrid),
  incidents: Type.Array(Type.Object({ id: Type.String(), caseNumber: Type.String(), createdAt: Type.String() })),
})
export type PatrolDetail = Static<typeof PatrolDetail>

export const CurrentPatrol = Type.Object({ patrol: Type.Union([PatrolSummary, Type.Null()]) })
export type CurrentPatrol = Static<typeof CurrentPatrol>

export const PatrolListQuery = Type.Object({
  worker: Type.Optional(Id()),
  from: Type.Optional(Day({ description: '开始日期（含）/ first day' })),
  to: Type.Optional(Day({ description: '结束日期（含）/ last day' })),
  ...PageQuery,
})
export type PatrolListQuery = Static<typeof PatrolListQuery>
export const PatrolPage = pageOf(PatrolSummary)

/** Open patrols in the reader's scope, each with its line so far (simplified) and last position. */
export const LivePatrols = Type.Object({
  items: Type.Array(
    Type.Object({
      patrol: PatrolSummary,
      line: Type.Union([Type.Unsafe<{ type: 'LineString' | 'Point'; coordinates: unknown }>(Type.Any()), Type.Null()]),
    }),
  ),
})
export type LivePatrols = Static<typeof LivePatrols>

export const PatrolSettings = Type.Object(
  {
    retentionDays: Type.Integer({ minimum: 7, maximum: 3650, description: '轨迹保留天数 / days tracks are kept' }),
    maxAccuracyM: Type.Number({ minimum: 5, maximum: 500 }),
    maxSpeedMps: Type.Number({ minimum: 1, maximum: 60 }),
    weeklyVisitsPerGrid: Type.Integer({ minimum: 1, maximum: 14, description: '每个单元网格每周至少巡查次数' }),
  },
  { additionalProperties: false },
)
export type PatrolSettings = Static<typeof PatrolSettings>

import { Type, type Static } from '@sinclair/typebox'
import { BigIdText, Cursor, INT8_MAX, Text, Timestamp } from './schema-types.ts'

/**
 * The city's 12345 hotline work orders (工单): intake (JSON from the city's system, or an XLSX sheet), the street's
 * replies (签收, 回单, 退单) as a feed the city reads past a cursor, the city's revisit (回访), and the indicators.
 */

/** The hotline's own number: the idempotency key (the same number twice is one case). */
export const ORDER_NUMBER_PATTERN = '^[0-9A-Za-z-]{1,40}$'
export const CALLER_PHONE_PATTERN = '^[0-9+-]{3,20}$'
/** Defaults when an order names no limits: 签收 within 2 working hours, 办结 within 5 working days. */
export const DEFAULT_SIGN_LIMIT_HOURS = 2
export const DEFAULT_FINISH_LIMIT_DAYS = 5
export const MAX_SIGN_LIMIT_HOURS = 240
export const MAX_FINISH_LIMIT_DAYS = 60

export const HotlineOrderInput = Type.Object(
  {
    orderNumber: Type.String({ pattern: ORDER_NUMBER_PATTERN, description: '工单号 / the hotline work-order number' }),
    callerName: Text({ minLength: 1, maxLength: 50, description: '来电人 / caller name' }),
    callerPhone: Type.String({ pattern: CALLER_PHONE_PATTERN, description: '联系电话 / caller phone' }),
    calledAt: Timestamp({ description: '来电时间 / call time' }),
    content: Text({ minLength: 1, maxLength: 2000, description: '诉求内容 / what the caller asks' }),
    categoryCode: Type.String({ pattern: '^[EC][0-9]{4}$', description: '事件小类 / sub-category code' }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    address: Type.Optional(Text({ maxLength: 200 })),
    signLimitHours: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: MAX_SIGN_LIMIT_HOURS, description: '签收时限（工作小时）' }),
    ),
    finishLimitDays: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_FINISH_LIMIT_DAYS, description: '办结时限（工作日）' }),
    ),
  },
  { additionalProperties: false },
)
export type HotlineOrderInput = Static<typeof HotlineOrderInput>

export const HOTLINE_STATUSES = ['received', 'signed', 'replied', 'finished', 'returned'] as const
export type HotlineStatus = (typeof HOTLINE_STATUSES)[number]
export const REVISIT_RESULTS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const
export type RevisitResult = (typeof REVISIT_RESULTS)[number]
export const HOTLINE_REPLY_KINDS = ['sign', 'reply', 'return'] as const
export type HotlineReplyKind = (typeof HOTLINE_REPLY_KINDS)[number]

const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))))
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const Iso = Type.String({ description: 'ISO 8601, +08:00' })

/** An order in a list: the caller masked (138****1234). */
export const HotlineOrder = Type.Object({
  id: Type.String(),
  orderNumber: Type.String(),
  incident: Type.Object({ id: Type.String(), caseNumber: Type.String(), status: Type.String() }),
  callerName: Type.String(),
  callerPhone: Type.String(),
  calledAt: Iso,
  content: Type.String(),
  address: Nullable(Type.String()),
  signLimitHours: Type.Number(),
  finishLimitDays: Type.Number(),
  receivedAt: Iso,
  signDueAt: Iso,
  finishDueAt: Iso,
  status: literals(HOTLINE_STATUSES),
  signedAt: Nullable(Iso),
  repliedAt: Nullable(Iso),
  returnedAt: Nullable(Iso),
  revisitResult: Type.Union([literals(REVISIT_RESULTS), Type.Null()]),
  revisitedAt: Nullable(Iso),
  redoCount: Type.Integer(),
})
export type HotlineOrder = Static<typeof HotlineOrder>

export const HotlineReply = Type.Object({
  seq: Type.String(),
  orderNumber: Type.String(),
  kind: literals(HOTLINE_REPLY_KINDS),
  at: Iso,
  content: Nullable(Type.String()),
})
export type HotlineReply = Static<typeof HotlineReply>

export const HotlineRevisit = Type.Object({
  result: literals(REVISIT_RESULTS),
  note: Nullable(Type.String()),
  at: Iso,
})

/** One order with its replies and revisits; the caller whole only for a supervisor's or admin's case page. */
export const HotlineOrderDetail = Type.Composite([
  HotlineOrder,
  Type.Object({ replies: Type.Array(HotlineReply), revisits: Type.Array(HotlineRevisit) }),
])
export type HotlineOrderDetail = Static<typeof HotlineOrderDetail>

export const HotlineIntakeReply = Type.Object({ created: Type.Boolean(), order: HotlineOrder })
export type HotlineIntakeReply = Static<typeof HotlineIntakeReply>

/** An XLSX sheet's outcome, row by row: what was taken (new or already on file) and why each other row was refused. */
export const HotlineImportReport = Type.Object({
  rows: Type.Integer(),
  taken: Type.Array(
    Type.Object({
      row: Type.Integer(),
      orderNumber: Type.String(),
      caseNumber: Type.String(),
      created: Type.Boolean(),
    }),
  ),
  refused: Type.Array(
    Type.Object({
      row: Type.Integer(),
      column: Type.String({ description: '列名（中文）/ the column, as headed in the sheet' }),
      reason: Type.String({ description: '原因（中文）/ why, in zh-CN' }),
    }),
  ),
})
export type HotlineImportReport = Static<typeof HotlineImportReport>

export const HotlineOrderParams = Type.Object({ id: BigIdText() })
export const HotlineByIncidentParams = Type.Object({ incidentId: BigIdText() })

export const HotlineListQuery = Type.Object({
  status: Type.Optional(literals(HOTLINE_STATUSES)),
  cursor: Type.Optional(Cursor(INT8_MAX)),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
})
export const HotlineOrderPage = Type.Object({
  items: Type.Array(HotlineOrder),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const HotlineReplyBody = Type.Object(
  { result: Text({ minLength: 1, maxLength: 2000, description: '办理结果 / the handling result' }) },
  { additionalProperties: false },
)
export const HotlineReturnBody = Type.Object(
  { reason: Text({ minLength: 1, maxLength: 2000, description: '退单理由 / why the street returns it' }) },
  { additionalProperties: false },
)
export const HotlineRevisitBody = Type.Object(
  { result: literals(REVISIT_RESULTS), note: Type.Optional(Text({ maxLength: 2000 })) },
  { additionalProperties: false },
)
export type HotlineRevisitBody = Static<typeof HotlineRevisitBody>

/** The city's system reads the street's replies after the last `seq` it has seen. */
export const HotlineFeedQuery = Type.Object({
  after: Type.Optional(Cursor(INT8_MAX)),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
})
export const HotlineFeed = Type.Object({
  items: Type.Array(HotlineReply),
  /** The last `seq` of this page (or the `after` sent when it is empty): send it back as `after`. */
  cursor: Type.Union([Type.String(), Type.Null()]),
})

const Rate = Type.Union([Type.Number(), Type.Null()])
/** The hotline's indicators over the orders received in a period; a rate is null when nothing was counted. */
export const HotlineIndicators = Type.Object({
  received: Type.Integer(),
  /** 签收及时率: signed by the due time / signed, or unsigned past the due time. */
  signCounted: Type.Integer(),
  signedOnTime: Type.Integer(),
  signOnTimeRate: Rate,
  /** 按期办结率: first 回单 by the due time / answered, or unanswered past the due time. */
  finishCounted: Type.Integer(),
  finishedOnTime: Type.Integer(),
  finishOnTimeRate: Rate,
  /** 满意率: satisfied or basically satisfied / revisited (each order's latest revisit). */
  revisited: Type.Integer(),
  satisfied: Type.Integer(),
  satisfactionRate: Rate,
  /** 重办率: orders sent back to rework by a dissatisfied revisit at least once / revisited. */
  redone: Type.Integer(),
  redoRate: Rate,
})
export type HotlineIndicators = Static<typeof HotlineIndicators>
export const HotlineIndicatorQuery = Type.Object({
  from: Timestamp({ description: '受理时间起（含）/ received from (inclusive)' }),
  to: Timestamp({ description: '受理时间止（不含）/ received before' }),
})

import { Type, type Static } from '@sinclair/typebox'
import { BigIdText, Cursor, INT8_MAX } from './schema-types.ts'

/**
 * What a notice is about (issue 19): a new task (its assignee), a returned case or a failed verification, the
 * ladder's notices, a supervisor's urging (催办), a manager's supervision (督办), a report waiting to be registered
 * (the supervisors of its scope).
 */
export const NOTIFICATION_KINDS = [
  'task.assigned',
  'task.rework',
  'case.returned',
  'ladder.yellow',
  'ladder.red',
  'ladder.escalated',
  'case.urged',
  'case.supervised',
  'report.waiting',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]
export const NotificationKindSchema = Type.Unsafe<NotificationKind>(Type.String({ enum: [...NOTIFICATION_KINDS] }))

export const NotificationPayload = Type.Object({
  incidentId: Type.Union([Type.String(), Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  category: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
})
export type NotificationPayload = Static<typeof NotificationPayload>

export const NotificationItem = Type.Object({
  id: Type.String(),
  kind: NotificationKindSchema,
  payload: NotificationPayload,
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
})
export type NotificationItem = Static<typeof NotificationItem>

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationItem),
  unread: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})
export type NotificationPage = Static<typeof NotificationPage>

export const NotificationListQuery = Type.Object({
  before: Type.Optional(Cursor(INT8_MAX)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})

export const NotificationReadBody = Type.Object(
  { ids: Type.Optional(Type.Array(BigIdText(), { maxItems: 100 })), all: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
)

export const NotificationSettings = Type.Object({ muted: Type.Array(NotificationKindSchema, { maxItems: 20 }) })
export type NotificationSettings = Static<typeof NotificationSettings>

/** A browser's PushSubscription as `toJSON()` gives it. */
export const PushSubscriptionBody = Type.Object({
  // A push service's URL is ASCII (a longer or non-ASCII one would not fit the unique index's row).
  endpoint: Type.String({ maxLength: 1000, pattern: '^https?://[\\x21-\\x7e]+$' }),
  keys: Type.Object({
    p256dh: Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_=-]+$' }),
    auth: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_=-]+$' }),
  }),
})
export type PushSubscriptionBody = Static<typeof PushSubscriptionBody>
export const PushUnsubscribeBody = Type.Object({
  endpoint: Type.String({ maxLength: 1000, pattern: '^https?://[\\x21-\\x7e]+$' }),
})
export const VapidPublicKey = Type.Object({ publicKey: Type.String() })

import { Type, type Static } from '@sinclair/typebox'
import { Id, Text, Timestamp } from './schema-types.ts'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

/**
 * The text fields of a multipart report, POST /api/incidents (all arrive as strings; the API converts them before it
 * checks). Photos come beside them as files named `photos`, up to six.
 */
export const ReportFields = Type.Object(
  {
    clientId: Type.String({ pattern: UUID, description: '客户端生成的幂等键 / idempotency key chosen by the client' }),
    categoryCode: Type.String({ pattern: '^[EC][0-9]{4}$' }),
    description: Text({ minLength: 1, maxLength: 2000 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    address: Type.Optional(Text({ maxLength: 200 })),
    selfHandled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type ReportFields = Static<typeof ReportFields>

const Note = Text({ minLength: 1, maxLength: 2000 })

/**
 * The body of a workflow step, POST /api/incidents/{id}/{action}: JSON, or multipart when feedback carries
 * after-photos. Which fields a step requires is @wangge/workflow's rule, checked there.
 */
export const ActionBody = Type.Object(
  {
    note: Type.Optional(Note),
    reason: Type.Optional(Note),
    userId: Type.Optional(Type.Union([Id(), Type.Null()])),
    departmentId: Type.Optional(Type.Union([Id(), Type.Null()])),
    passed: Type.Optional(Type.Boolean()),
    dueAt: Type.Optional(Timestamp()),
  },
  { additionalProperties: false },
)
export type ActionBody = Static<typeof ActionBody>

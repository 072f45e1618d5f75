import { Type, type Static } from '@sinclair/typebox'
import { Day, Text } from './schema-types.ts'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

/**
 * The text fields of a multipart audit, POST /api/stations/{id}/audits; `items` is the six-item sheet as JSON
 * (AuditItemsJson). Photos come beside them as files named `photos.<item>`.
 */
export const AuditFields = Type.Object(
  {
    clientId: Type.String({ pattern: UUID, description: '客户端生成的幂等键 / idempotency key chosen by the client' }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
    note: Type.Optional(Text({ maxLength: 2000 })),
    items: Type.String({ minLength: 2, maxLength: 10_000 }),
  },
  { additionalProperties: false },
)
export type AuditFields = Static<typeof AuditFields>

/** The sheet inside `items`: one entry an item; @wangge/stations' checkAuditItems then checks that all six are there. */
export const AuditItemsJson = Type.Array(
  Type.Object(
    {
      code: Text({ maxLength: 40 }),
      passed: Type.Boolean(),
      deduction: Type.Number(),
      note: Type.Optional(Type.Union([Text({ maxLength: 500 }), Type.Null()])),
      rectifyBy: Type.Optional(Type.Union([Day(), Type.Null()])),
    },
    { additionalProperties: false },
  ),
  { maxItems: 12 },
)
export type AuditItemsJson = Static<typeof AuditItemsJson>

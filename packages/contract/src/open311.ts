import { Type, type Static } from '@sinclair/typebox'
import { Id, Text, Timestamp } from './schema-types.ts'

/** A sub-category's code: the Open311 service_code. */
const ServiceCode = Type.String({ pattern: '^[EC][0-9]{4}$', description: '事件小类代码 / sub-category code' })

// ---- The admins' API keys (/api/open311/keys) ----

/** A new key for an integrating system: its name, the services it may file (null: all) and its rate limit. */
export const Open311KeyCreate = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 50, description: '接入系统名称 / the integrating system' }),
    services: Type.Union([Type.Array(ServiceCode, { minItems: 1, maxItems: 500, uniqueItems: true }), Type.Null()], {
      description: '允许上报的服务（事件小类），null 为全部 / services it may file, null for all',
    }),
    rateLimitPerMinute: Type.Integer({
      minimum: 1,
      maximum: 6000,
      description: '每分钟最多请求数 / requests a minute at most',
    }),
  },
  { additionalProperties: false },
)
export type Open311KeyCreate = Static<typeof Open311KeyCreate>

/** A key as admins see it: never the key itself, only its first eight characters. */
export const Open311Key = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  keyPrefix: Type.String(),
  services: Type.Union([Type.Array(Type.String()), Type.Null()]),
  rateLimitPerMinute: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Object({ id: Type.Integer(), name: Type.String() }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Cases it has filed. */
  requests: Type.Integer(),
})
export type Open311Key = Static<typeof Open311Key>

export const Open311KeyList = Type.Array(Open311Key)
export type Open311KeyList = Static<typeof Open311KeyList>

/** The reply to a new key: the key itself, this once. */
export const Open311KeyCreated = Type.Object({
  key: Type.String({ description: '密钥，只显示这一次 / the key, shown this once' }),
  record: Open311Key,
})
export type Open311KeyCreated = Static<typeof Open311KeyCreated>

export const Open311KeyParams = Type.Object({ id: Id() })

// ---- GeoReport v2 requests (/open311/v2/…) ----

/** Every resource comes as `.json` or `.xml`. */
export const Open311Format = Type.Union([Type.Literal('json'), Type.Literal('xml')])
export type Open311Format = Static<typeof Open311Format>

/** What a public read may carry besides its own fields: the key (optional) and the jurisdiction. */
const ReadCommon = {
  api_key: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })),
  jurisdiction_id: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z._-]+$' })),
}

export const Open311ReadQuery = Type.Object(ReadCommon, { additionalProperties: false })

export const Open311RequestsQuery = Type.Object(
  {
    ...ReadCommon,
    service_request_id: Type.Optional(
      Type.String({
        maxLength: 2000,
        pattern: '^[0-9A-Za-z-]+(,[0-9A-Za-z-]+)*$',
        description: '逗号分隔 / comma-separated',
      }),
    ),
    service_code: Type.Optional(
      Type.String({
        maxLength: 600,
        pattern: '^[EC][0-9]{4}(,[EC][0-9]{4})*$',
        description: '逗号分隔 / comma-separated',
      }),
    ),
    start_date: Type.Optional(Timestamp()),
    end_date: Type.Optional(Timestamp()),
    status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
  },
  { additionalProperties: false },
)
export type Open311RequestsQuery = Static<typeof Open311RequestsQuery>

export const Open311UpdatesQuery = Type.Object(
  { ...ReadCommon, start_date: Type.Optional(Timestamp()), end_date: Type.Optional(Timestamp()) },
  { additionalProperties: false },
)
export type Open311UpdatesQuery = Static<typeof Open311UpdatesQuery>

const FormText = (maxLength: number) => Text({ maxLength })

/**
 * POST requests: the form's fields as the spec names them; `attribute[code]` fields arrive as `attribute`
 * (a multivaluelist's values repeat the field).
 */
export const Open311RequestForm = Type.Object(
  {
    api_key: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
    jurisdiction_id: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z._-]+$' })),
    service_code: ServiceCode,
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address_string: Type.Optional(Text({ minLength: 1, maxLength: 200 })),
    address_id: Type.Optional(FormText(100)),
    description: Type.Optional(Text({ minLength: 1, maxLength: 2000 })),
    media_url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://[^\\s\\x00-\\x1F]+$' })),
    email: Type.Optional(Type.String({ maxLength: 254, pattern: '^[^\\s@\\x00-\\x1F]+@[^\\s@\\x00-\\x1F]+$' })),
    device_id: Type.Optional(FormText(100)),
    account_id: Type.Optional(FormText(100)),
    first_name: Type.Optional(FormText(50)),
    last_name: Type.Optional(FormText(50)),
    phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+() -]*$' })),
    attribute: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }),
        Type.Union([FormText(500), Type.Array(FormText(500), { maxItems: 50 })]),
        { additionalProperties: false, maxProperties: 50 },
      ),
    ),
  },
  { additionalProperties: false },
)
export type Open311RequestForm = Static<typeof Open311RequestForm>

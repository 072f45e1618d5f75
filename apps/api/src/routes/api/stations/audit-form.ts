import type { FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { checkAuditItems, isSixHaveCode, type AuditItem, type SixHaveCode } from '@wangge/stations'
import { AppError } from '../../../errors.ts'
import { processPhoto, type ProcessedPhoto } from '../../../plugins/app/photos/photo-pipeline.ts'
import { PHOTO_FORM_LIMITS } from '../../../plugins/external/multipart.ts'
import { Day, Text } from '@wangge/contract'

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

/** The text fields of a multipart audit; `items` is the six-item sheet as JSON. */
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

const ItemsJson = Type.Array(
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

export interface AuditForm {
  fields: Omit<Static<typeof AuditFields>, 'items'>
  items: AuditItem[]
  photos: { item: SixHaveCode; photo: ProcessedPhoto }[]
}

const invalid = (message: string, details: unknown[]) => new AppError(400, 'VALIDATION_FAILED', message, details)

/**
 * Reads a multipart audit: text fields, the `items` sheet, and photos as files named `photos.<item>` (up to six in
 * all). Every photo is checked and re-encoded and the sheet is checked whole before anything is written, so a bad
 * photo, a missing or an unknown item refuses the audit.
 */
export async function readAuditForm(request: FastifyRequest): Promise<AuditForm> {
  if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 提交 / send multipart/form-data')
  const raw: Record<string, string> = {}
  const photos: AuditForm['photos'] = []
  for await (const part of request.parts({ limits: PHOTO_FORM_LIMITS })) {
    if (part.type === 'file') {
      const item = /^photos\.(.+)$/.exec(part.fieldname)?.[1]
      if (!isSixHaveCode(item)) throw invalid(`未知的照片字段 ${part.fieldname} / photos go in photos.<item>`, [{ field: part.fieldname, message: 'photos.<item> with one of the six items' }])
      photos.push({ item, photo: await processPhoto(part.filename || `${item} photo`, await part.toBuffer()) })
    } else {
      raw[part.fieldname] = String(part.value)
    }
  }
  const fields = Value.Convert(AuditFields, raw)
  if (!Value.Check(AuditFields, fields)) {
    throw invalid('检查内容无效 / invalid audit', [...Value.Errors(AuditFields, fields)].map((e) => ({ field: `body${e.path.replaceAll('/', '.')}`, message: e.message })))
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(fields.items)
  } catch {
    throw invalid('检查项须为 JSON / items must be JSON', [{ field: 'body.items', message: 'not JSON' }])
  }
  if (!Value.Check(ItemsJson, parsed)) {
    throw invalid('检查项无效 / invalid items', [...Value.Errors(ItemsJson, parsed)].map((e) => ({ field: `body.items${e.path.replaceAll('/', '.')}`, message: e.message })))
  }
  const checked = checkAuditItems(parsed)
  if (checked.items === null) throw invalid('检查项不完整或有误 / the six items are incomplete or wrong', checked.problems.map((p) => ({ ...p, field: `body.${p.field}` })))
  const { items: _items, ...rest } = fields
  return { fields: rest, items: checked.items, photos }
}

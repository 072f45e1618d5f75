import type { FastifyRequest } from 'fastify'
import { Value } from '@sinclair/typebox/value'
import { checkAuditItems, isSixHaveCode, type AuditItem, type SixHaveCode } from '@wangge/stations'
import { AppError } from '../../../errors.ts'
import { processPhoto, type ProcessedPhoto } from '../../../plugins/app/photos/photo-pipeline.ts'
import { PHOTO_FORM_LIMITS } from '../../../plugins/external/multipart.ts'
import { AuditFields, AuditItemsJson } from '@wangge/contract'

export interface AuditForm {
  fields: Omit<AuditFields, 'items'>
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
  if (!request.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 提交 / send multipart/form-data')
  const raw: Record<string, string> = {}
  const photos: AuditForm['photos'] = []
  for await (const part of request.parts({ limits: PHOTO_FORM_LIMITS })) {
    if (part.type === 'file') {
      const item = /^photos\.(.+)$/.exec(part.fieldname)?.[1]
      if (!isSixHaveCode(item))
        throw invalid(`未知的照片字段 ${part.fieldname} / photos go in photos.<item>`, [
          { field: part.fieldname, message: 'photos.<item> with one of the six items' },
        ])
      photos.push({ item, photo: await processPhoto(part.filename || `${item} photo`, await part.toBuffer()) })
    } else {
      raw[part.fieldname] = String(part.value)
    }
  }
  const fields = Value.Convert(AuditFields, raw)
  if (!Value.Check(AuditFields, fields)) {
    throw invalid(
      '检查内容无效 / invalid audit',
      [...Value.Errors(AuditFields, fields)].map((e) => ({
        field: `body${e.path.replaceAll('/', '.')}`,
        message: e.message,
      })),
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(fields.items)
  } catch {
    throw invalid('检查项须为 JSON / items must be JSON', [{ field: 'body.items', message: 'not JSON' }])
  }
  if (!Value.Check(AuditItemsJson, parsed)) {
    throw invalid(
      '检查项无效 / invalid items',
      [...Value.Errors(AuditItemsJson, parsed)].map((e) => ({
        field: `body.items${e.path.replaceAll('/', '.')}`,
        message: e.message,
      })),
    )
  }
  const checked = checkAuditItems(parsed)
  if (checked.items === null)
    throw invalid(
      '检查项不完整或有误 / the six items are incomplete or wrong',
      checked.problems.map((p) => ({ ...p, field: `body.${p.field}` })),
    )
  const { items: _items, ...rest } = fields
  return { fields: rest, items: checked.items, photos }
}

import type { FastifyRequest } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AppError } from '../../../errors.ts'
import { processPhoto, type ProcessedPhoto } from '../../../plugins/app/photos/photo-pipeline.ts'
import { PHOTO_FORM_LIMITS } from '../../../plugins/external/multipart.ts'
import { Text } from '@wangge/contract'

/** The text fields of a multipart report (all arrive as strings and are converted here). */
export const ReportFields = Type.Object(
  {
    clientId: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description: '客户端生成的幂等键 / idempotency key chosen by the client' }),
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
// Compiled once: every report is checked against it.
const reportFieldsCheck = TypeCompiler.Compile(ReportFields)

/**
 * Reads a multipart report: text fields and up to six `photos` files. Every photo is checked and re-encoded here,
 * before anything is written, so a bad photo refuses the whole report.
 */
export async function readReportForm(request: FastifyRequest): Promise<{ fields: ReportFields; photos: ProcessedPhoto[] }> {
  if (!request.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 提交 / send multipart/form-data')
  const raw: Record<string, string> = {}
  const photos: ProcessedPhoto[] = []
  for await (const part of request.parts({ limits: PHOTO_FORM_LIMITS })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'photos') throw new AppError(400, 'VALIDATION_FAILED', `未知的文件字段 ${part.fieldname} / unknown file field`, [{ field: part.fieldname, message: 'only "photos"' }])
      photos.push(await processPhoto(part.filename || `photo ${photos.length + 1}`, await part.toBuffer()))
    } else {
      raw[part.fieldname] = String(part.value)
    }
  }
  const converted = Value.Convert(ReportFields, raw)
  if (!reportFieldsCheck.Check(converted)) {
    const details = [...reportFieldsCheck.Errors(converted)].map((e) => ({ field: `body${e.path.replaceAll('/', '.')}`, message: e.message }))
    throw new AppError(400, 'VALIDATION_FAILED', '上报内容无效 / invalid report', details)
  }
  return { fields: converted, photos }
}

import type { FastifyRequest } from 'fastify'
import { Value } from '@sinclair/typebox/value'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AppError } from '../../../errors.ts'
import { processPhoto, type ProcessedPhoto } from '../../../plugins/app/photos/photo-pipeline.ts'
import { PHOTO_FORM_LIMITS } from '../../../plugins/external/multipart.ts'
import { ReportFields } from '@wangge/contract'

// Compiled once: every report is checked against it.
const reportFieldsCheck = TypeCompiler.Compile(ReportFields)

/**
 * Reads a multipart report: text fields and up to six `photos` files. Every photo is checked and re-encoded here,
 * before anything is written, so a bad photo refuses the whole report.
 */
export async function readReportForm(
  request: FastifyRequest,
): Promise<{ fields: ReportFields; photos: ProcessedPhoto[] }> {
  if (!request.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 提交 / send multipart/form-data')
  const raw: Record<string, string> = {}
  const photos: ProcessedPhoto[] = []
  for await (const part of request.parts({ limits: PHOTO_FORM_LIMITS })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'photos')
        throw new AppError(400, 'VALIDATION_FAILED', `未知的文件字段 ${part.fieldname} / unknown file field`, [
          { field: part.fieldname, message: 'only "photos"' },
        ])
      photos.push(await processPhoto(part.filename || `photo ${photos.length + 1}`, await part.toBuffer()))
    } else {
      raw[part.fieldname] = String(part.value)
    }
  }
  const converted = Value.Convert(ReportFields, raw)
  if (!reportFieldsCheck.Check(converted)) {
    const details = [...reportFieldsCheck.Errors(converted)].map((e) => ({
      field: `body${e.path.replaceAll('/', '.')}`,
      message: e.message,
    }))
    throw new AppError(400, 'VALIDATION_FAILED', '上报内容无效 / invalid report', details)
  }
  return { fields: converted, photos }
}

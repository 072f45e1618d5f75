import type { FastifyRequest } from 'fastify'
import { Value } from '@sinclair/typebox/value'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { VisitFields } from '@wangge/contract'
import { AppError } from '../../../errors.ts'
import { processPhoto, type ProcessedPhoto } from '../../../plugins/app/photos/photo-pipeline.ts'
import { PHOTO_FORM_LIMITS, TEXT_FORM_LIMITS } from '../../../plugins/external/multipart.ts'

const visitFieldsCheck = TypeCompiler.Compile(VisitFields)
const notMultipart = () =>
  new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 提交 / send multipart/form-data')

/** A visit as the phone's outbox sends it: text fields and up to six `photos`, each re-encoded before anything is written. */
export async function readVisitForm(
  request: FastifyRequest,
): Promise<{ fields: VisitFields; photos: ProcessedPhoto[] }> {
  if (!request.isMultipart()) throw notMultipart()
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
  const converted = Value.Convert(VisitFields, raw)
  if (!visitFieldsCheck.Check(converted)) {
    const details = [...visitFieldsCheck.Errors(converted)].map((e) => ({
      field: `body${e.path.replaceAll('/', '.')}`,
      message: e.message,
    }))
    throw new AppError(400, 'VALIDATION_FAILED', '走访记录无效 / invalid visit', details)
  }
  return { fields: converted, photos }
}

/** An uploaded register: one `file` part (an XLSX of at most 10 MB). */
export async function readSheetUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw notMultipart()
  let bytes: Buffer | null = null
  for await (const part of request.parts({ limits: { ...TEXT_FORM_LIMITS, files: 1, parts: 5 } })) {
    if (part.type === 'file' && part.fieldname === 'file') bytes = await part.toBuffer()
    else if (part.type === 'file') await part.toBuffer()
  }
  if (!bytes)
    throw new AppError(400, 'VALIDATION_FAILED', '请选择要导入的 XLSX 文件 / choose an XLSX file', [
      { field: 'file', message: 'required' },
    ])
  return bytes
}

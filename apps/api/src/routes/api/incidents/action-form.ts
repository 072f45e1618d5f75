import type { FastifyRequest } from 'fastify'
import { Value } from '@sinclair/typebox/value'
import type { ActionInput, IncidentAction } from '@wangge/workflow'
import { AppError } from '../../../errors.ts'
import { processPhoto, type ProcessedPhoto } from '../../../plugins/app/photos/photo-pipeline.ts'
import { PHOTO_FORM_LIMITS, TEXT_FORM_LIMITS } from '../../../plugins/external/multipart.ts'
import { ActionBody } from '@wangge/contract'

/**
 * Reads a step's body: JSON, or multipart when the step carries photos (feedback's after-photos, checked and
 * re-encoded like a report's before anything is written).
 */
export async function readActionForm<A extends IncidentAction>(
  request: FastifyRequest,
  action: A,
): Promise<{ input: ActionInput<A>; photos: ProcessedPhoto[] }> {
  let raw: unknown = request.body ?? {}
  const photos: ProcessedPhoto[] = []
  if (request.isMultipart()) {
    const fields: Record<string, string> = {}
    for await (const part of request.parts({ limits: action === 'feedback' ? PHOTO_FORM_LIMITS : TEXT_FORM_LIMITS })) {
      if (part.type === 'file') {
        if (action !== 'feedback' || part.fieldname !== 'photos')
          throw new AppError(400, 'VALIDATION_FAILED', '此步骤不接受照片 / this step takes no photos', [
            { field: part.fieldname, message: 'unexpected file' },
          ])
        photos.push(await processPhoto(part.filename || `photo ${photos.length + 1}`, await part.toBuffer()))
      } else fields[part.fieldname] = String(part.value)
    }
    raw = Value.Convert(ActionBody, fields)
  }
  if (!Value.Check(ActionBody, raw)) {
    const details = [...Value.Errors(ActionBody, raw)].map((e) => ({
      field: `body${e.path.replaceAll('/', '.')}`,
      message: e.message,
    }))
    throw new AppError(400, 'VALIDATION_FAILED', '请求内容无效 / invalid request', details)
  }
  const { dueAt, ...rest } = raw
  return { input: { ...rest, ...(dueAt ? { dueAt: new Date(dueAt) } : {}) } as unknown as ActionInput<A>, photos }
}

import type { FastifyRequest } from 'fastify'
import { AppError } from '../../../errors.ts'
import { TEXT_FORM_LIMITS } from '../../../plugins/external/multipart.ts'

/** A sheet of work orders: one XLSX file of at most 5 MB (some 20,000 rows of text), no other field. */
const SHEET_FORM_LIMITS = { ...TEXT_FORM_LIMITS, files: 1, fileSize: 5 * 1024 * 1024, parts: 2 }

/** Reads the upload's one file (field `file`); 400 when there is none, 413 past the limits (multipart.ts). */
export async function readSheetUpload(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传工单表 / send multipart/form-data')
  let sheet: Buffer | undefined
  for await (const part of request.parts({ limits: SHEET_FORM_LIMITS })) {
    if (part.type === 'file' && part.fieldname === 'file') sheet = await part.toBuffer()
    else if (part.type === 'file') await part.toBuffer()
  }
  if (!sheet || sheet.length === 0)
    throw new AppError(400, 'VALIDATION_FAILED', '请选择要上传的工单表 / no sheet uploaded', [
      { field: 'file', message: 'an XLSX file is required' },
    ])
  return sheet
}

import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { AppError } from '../../../errors.ts'

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const MAX_PHOTOS = 6
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp'])
const FULL_EDGE = 2048
const THUMB_EDGE = 320

export class BadPhotoError extends AppError {
  constructor(name: string, why: string) {
    super(400, 'BAD_PHOTO', `照片 ${name} 无效：${why} / photo ${name} refused: ${why}`, [{ field: name, message: why }])
  }
}

export interface ProcessedPhoto {
  sha256: string
  width: number
  height: number
  full: Buffer
  thumb: Buffer
}

/**
 * Checks a photo by its content (JPEG, PNG or WebP — never by name or declared type), refuses truncated files,
 * and re-encodes it as JPEG: turned upright by its EXIF orientation and stripped of all metadata (EXIF carries the
 * phone's GPS trail and serial), bounded to 2048 px, with a 320 px thumbnail.
 */
export async function processPhoto(name: string, input: Buffer): Promise<ProcessedPhoto> {
  let format: string | undefined
  try {
    format = (await sharp(input).metadata()).format
  } catch {
    throw new BadPhotoError(name, '不是可识别的图片 / not a readable image')
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) throw new BadPhotoError(name, `不支持的格式 ${format ?? ''} / only JPEG, PNG or WebP`)
  try {
    // failOn 'truncated': a cut-off upload must not become a half-grey photo in the case file.
    const upright = sharp(input, { failOn: 'truncated' }).rotate()
    const full = await upright.clone().resize(FULL_EDGE, FULL_EDGE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer({ resolveWithObject: true })
    const thumb = await upright.clone().resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer()
    return { sha256: createHash('sha256').update(full.data).digest('hex'), width: full.info.width, height: full.info.height, full: full.data, thumb }
  } catch {
    throw new BadPhotoError(name, '图片已损坏或不完整 / the image is damaged or truncated')
  }
}

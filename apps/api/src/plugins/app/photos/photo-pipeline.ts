import { createHash } from 'node:crypto'
import sharp, { type Metadata } from 'sharp'
import { AppError, PhotoTooLargeError } from '../../../errors.ts'

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const MAX_PHOTOS = 6
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp'])
const FULL_EDGE = 2048
const THUMB_EDGE = 320
/**
 * About 40 MP: a 48 MP phone sensor writes 12 MP photos, and the largest phone photos (50 MP modes) are rare at a
 * street and meant to be downscaled by the web app before upload. sharp's own ceiling is 268 MP, where a 33 KB
 * one-bit PNG of 16383² costs seconds of CPU to decode.
 */
export const MAX_PHOTO_PIXELS = 40_000_000
/** A decode-and-resize of a 40 MP JPEG takes well under a second here; a photo still busy after this is refused. */
const DECODE_SECONDS = 5

export class BadPhotoError extends AppError {
  constructor(name: string, why: string) {
    super(400, 'BAD_PHOTO', `照片 ${name} 无效：${why} / photo ${name} refused: ${why}`, [
      { field: name, message: why },
    ])
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
  // metadata() reads the header only: the format and dimensions are known before a pixel is decoded.
  let header: Metadata
  try {
    header = await sharp(input).metadata()
  } catch {
    throw new BadPhotoError(name, '不是可识别的图片 / not a readable image')
  }
  const format = header.format
  if (!format || !ACCEPTED_FORMATS.has(format))
    throw new BadPhotoError(name, `不支持的格式 ${format ?? ''} / only JPEG, PNG or WebP`)
  const pixels = (header.width ?? 0) * (header.height ?? 0) * (header.pages ?? 1)
  if (pixels > MAX_PHOTO_PIXELS) {
    throw new PhotoTooLargeError(
      name,
      `像素过多（${header.width}×${header.height}），上限约 4000 万像素 / more than 40 megapixels`,
    )
  }
  try {
    // failOn 'truncated': a cut-off upload must not become a half-grey photo in the case file. limitInputPixels
    // repeats the header check inside libvips; the timeout bounds what one photo may cost.
    const upright = sharp(input, { failOn: 'truncated', limitInputPixels: MAX_PHOTO_PIXELS })
      .rotate()
      .timeout({ seconds: DECODE_SECONDS })
    const full = await upright
      .clone()
      .resize(FULL_EDGE, FULL_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true })
    const thumb = await upright
      .clone()
      .resize(THUMB_EDGE, THUMB_EDGE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 70 })
      .toBuffer()
    return {
      sha256: createHash('sha256').update(full.data).digest('hex'),
      width: full.info.width,
      height: full.info.height,
      full: full.data,
      thumb,
    }
  } catch (err) {
    if (err instanceof Error && /timeout/i.test(err.message)) {
      throw new PhotoTooLargeError(
        name,
        `解码超过 ${DECODE_SECONDS} 秒 / decoding took longer than ${DECODE_SECONDS} s`,
      )
    }
    throw new BadPhotoError(name, '图片已损坏或不完整 / the image is damaged or truncated')
  }
}

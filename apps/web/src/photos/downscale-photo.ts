/** Long side of an uploaded photo: plenty to see a broken kerb, a fraction of a phone camera's 4000 px. */
const MAX_SIDE = 1600
const QUALITY = 0.82

/**
 * Shrinks a camera photo on the phone before it is queued: decoded upright (EXIF orientation applied), scaled to
 * at most 1600 px on the long side and re-encoded as JPEG — a 4 MB photo becomes ~300 KB, which is what makes an
 * upload on a weak street network finish. The server re-encodes again and strips metadata either way. Used by the
 * worker's report and task pages and the manager's audit form; it rejects what the browser cannot decode.
 */
export async function downscalePhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height)
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height)
      return await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY })
    }
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('JPEG encoding failed'))),
        'image/jpeg',
        QUALITY,
      ),
    )
  } finally {
    bitmap.close()
  }
}

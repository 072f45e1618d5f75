import { randomUUID } from 'node:crypto'
import { access, mkdir, open, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'

export type PhotoVariant = 'full' | 'thumb'

/**
 * Where photo bytes live, addressed by the SHA-256 of the stored JPEG: DATA_DIR/uploads (below) on one instance, an
 * S3-compatible bucket (s3-photo-storage.ts) when several share the photos. Content addressing makes every write
 * idempotent, so neither needs locks or a read-modify-write.
 */
export interface PhotoStorage {
  put(sha256: string, variant: PhotoVariant, bytes: Buffer): Promise<void>
  has(sha256: string, variant: PhotoVariant): Promise<boolean>
  /** The bytes, or undefined when the store has no such photo (one round trip for an object store). */
  open(sha256: string, variant: PhotoVariant): Promise<Readable | undefined>
}

/**
 * `ab/cd/abcd….jpg` and `ab/cd/abcd….thumb.jpg`: the same relative names in the folder and in a bucket, so moving
 * an instance's photos to an object store is one copy of the folder (`aws s3 sync DATA_DIR/uploads s3://bucket/…`).
 */
export function photoKey(sha256: string, variant: PhotoVariant): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}${variant === 'thumb' ? '.thumb' : ''}.jpg`
}

export function localPhotoStorage(uploadsDir: string): PhotoStorage {
  const fileOf = (sha256: string, variant: PhotoVariant) =>
    path.join(uploadsDir, ...photoKey(sha256, variant).split('/'))
  return {
    async put(sha256, variant, bytes) {
      const file = fileOf(sha256, variant)
      await mkdir(path.dirname(file), { recursive: true })
      // Write then rename: a reader never sees half a file, and the same content written twice is harmless. Each write
      // has a temporary file of its own: two reports carrying the same photo at once must not rename each other's.
      const temp = `${file}.${randomUUID()}.tmp`
      await writeFile(temp, bytes)
      await rename(temp, file)
    },
    async has(sha256, variant) {
      return access(fileOf(sha256, variant)).then(
        () => true,
        () => false,
      )
    },
    async open(sha256, variant) {
      // Opening first tells a missing file (undefined, a 404) from a read error, which the stream would only emit later.
      const handle = await open(fileOf(sha256, variant)).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined
        throw err
      })
      return handle?.createReadStream()
    },
  }
}

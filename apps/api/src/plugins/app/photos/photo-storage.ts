import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { access, mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'

export type PhotoVariant = 'full' | 'thumb'

/**
 * Where photo bytes live, addressed by the SHA-256 of the stored JPEG. The local implementation writes under
 * DATA_DIR/uploads; an S3-compatible store can implement the same three calls.
 */
export interface PhotoStorage {
  put(sha256: string, variant: PhotoVariant, bytes: Buffer): Promise<void>
  has(sha256: string, variant: PhotoVariant): Promise<boolean>
  open(sha256: string, variant: PhotoVariant): Readable
}

export function localPhotoStorage(uploadsDir: string): PhotoStorage {
  const fileOf = (sha256: string, variant: PhotoVariant) =>
    path.join(uploadsDir, sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}${variant === 'thumb' ? '.thumb' : ''}.jpg`)
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
    open(sha256, variant) {
      return createReadStream(fileOf(sha256, variant))
    },
  }
}

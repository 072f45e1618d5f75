import type { Transaction } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { ProcessedPhoto } from './photo-pipeline.ts'
import type { PhotoStorage } from './photo-storage.ts'

/**
 * Stores processed photos' bytes, then their rows in the caller's transaction. Bytes go first: a row must never
 * point at a missing file, while a file without a row (a rolled-back report) is only unused disk.
 */
export async function savePhotos(
  tx: Transaction<Database>,
  storage: PhotoStorage,
  photos: readonly ProcessedPhoto[],
): Promise<void> {
  for (const photo of photos) {
    if (!(await storage.has(photo.sha256, 'full'))) await storage.put(photo.sha256, 'full', photo.full)
    if (!(await storage.has(photo.sha256, 'thumb'))) await storage.put(photo.sha256, 'thumb', photo.thumb)
  }
  if (photos.length === 0) return
  await tx
    .insertInto('photos')
    .values(
      photos.map((p) => ({
        sha256: p.sha256,
        mime: 'image/jpeg',
        width: p.width,
        height: p.height,
        bytes: p.full.length,
      })),
    )
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute()
}

import path from 'node:path'
import fp from 'fastify-plugin'
import { localPhotoStorage, type PhotoStorage } from './photo-storage.ts'
import { photoStoreLocationOf, PhotoStoreConfigError } from './photo-store-location.ts'

declare module 'fastify' {
  interface FastifyInstance {
    photoStorage: PhotoStorage
  }
}

/**
 * The photo store named by PHOTO_STORE (config.ts): the local folder under DATA_DIR by default, an S3-compatible
 * bucket when several instances must serve each other's photos.
 */
export default fp<{ dataDir: string; photoStore: string | undefined }>(
  async (fastify, { dataDir, photoStore }) => {
    const location = photoStoreLocationOf(photoStore)
    if (location.kind === 'local') {
      fastify.decorate('photoStorage', localPhotoStorage(path.join(dataDir, 'uploads')))
      return
    }
    // Loaded only when named: importing the AWS SDK took 1.7 s here (2 busy cores), which a one-machine install never needs.
    const { s3PhotoStorage } = await import('./s3-photo-storage.ts')
    const storage = s3PhotoStorage(location, fastify.log)
    fastify.addHook('onClose', () => storage.close())
    // A missing bucket or refused credentials will not mend themselves: say so now, not at the first report. A store
    // that does not answer may be starting beside us (compose): photo requests answer 503 until it does.
    const state = await storage.checkBucket()
    if (state === 'missing') {
      storage.close()
      throw new PhotoStoreConfigError(`bucket "${location.bucket}" does not exist; create it first`)
    }
    if (state === 'forbidden') {
      storage.close()
      throw new PhotoStoreConfigError(
        `access to bucket "${location.bucket}" refused; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      )
    }
    fastify.log.info(
      {
        bucket: location.bucket,
        prefix: location.prefix,
        endpoint: location.endpoint ?? 'AWS',
        reachable: state === 'ok',
      },
      '照片存储在对象存储中 / photos are kept in an S3-compatible object store',
    )
    fastify.decorate('photoStorage', storage)
  },
  { name: 'photo-storage' },
)

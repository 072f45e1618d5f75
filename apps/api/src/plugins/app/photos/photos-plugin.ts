import path from 'node:path'
import fp from 'fastify-plugin'
import { localPhotoStorage, type PhotoStorage } from './photo-storage.ts'

declare module 'fastify' {
  interface FastifyInstance {
    photoStorage: PhotoStorage
  }
}

export default fp<{ dataDir: string }>(
  (fastify, { dataDir }) => {
    fastify.decorate('photoStorage', localPhotoStorage(path.join(dataDir, 'uploads')))
  },
  { name: 'photo-storage' },
)

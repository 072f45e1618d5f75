import fp from 'fastify-plugin'
import fastifyMultipart from '@fastify/multipart'
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../app/photos/photo-pipeline.ts'

/** Photo uploads: at most six files of 10 MB; a larger file is refused with 413 while it streams in. */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyMultipart, {
      limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 20, fieldSize: 10_000, parts: MAX_PHOTOS + 20 },
      throwFileSizeLimit: true,
    })
  },
  { name: 'multipart' },
)

import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Static } from '@sinclair/typebox'
import type { PhotoParams, PhotoQuery } from '@wangge/contract'
import { NotFoundError } from '../../../errors.ts'

/**
 * Sends a stored photo the caller was found allowed to see (`visible`); otherwise, or when the file is missing, 404 —
 * a photo outside the user's reach does not exist for them. Content-addressed, so cached for good.
 */
export async function sendPhoto(
  fastify: FastifyInstance,
  reply: FastifyReply,
  visible: boolean,
  { sha256 }: Static<typeof PhotoParams>,
  { variant }: Static<typeof PhotoQuery>,
) {
  if (!visible) throw new NotFoundError('照片 photo')
  const bytes = await fastify.photoStorage.open(sha256, variant)
  if (!bytes) throw new NotFoundError('照片 photo')
  return reply.type('image/jpeg').header('cache-control', 'private, max-age=31536000, immutable').send(bytes)
}

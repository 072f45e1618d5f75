import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from '@sinclair/typebox'
import { NotFoundError } from '../../../errors.ts'

/** One photo by its content hash; `thumb` for the small copy. Shared by every route that serves photos. */
export const PhotoParams = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) })
export const PhotoQuery = Type.Object({ variant: Type.Union([Type.Literal('full'), Type.Literal('thumb')], { default: 'full' }) })
export const PhotoBody = Type.Unknown({ description: 'image/jpeg' })

/**
 * Sends a stored photo the caller was found allowed to see (`visible`); otherwise, or when the file is missing, 404 —
 * a photo outside the user's reach does not exist for them. Content-addressed, so cached for good.
 */
export async function sendPhoto(fastify: FastifyInstance, reply: FastifyReply, visible: boolean, { sha256 }: Static<typeof PhotoParams>, { variant }: Static<typeof PhotoQuery>) {
  if (!visible || !(await fastify.photoStorage.has(sha256, variant))) throw new NotFoundError('照片 photo')
  return reply.type('image/jpeg').header('cache-control', 'private, max-age=31536000, immutable').send(fastify.photoStorage.open(sha256, variant))
}

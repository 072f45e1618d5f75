import fp from 'fastify-plugin'
import fastifyMultipart from '@fastify/multipart'
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../app/photos/photo-pipeline.ts'

/** What a multipart form may hold; busboy's limits, checked while the body streams in (413 past them). */
export interface FormLimits {
  files: number
  fileSize: number
  fields: number
  fieldSize: number
  parts: number
}

/** Text fields only: the default for any multipart body, so a route takes files only once it names its limits. */
export const TEXT_FORM_LIMITS: FormLimits = {
  files: 0,
  fileSize: MAX_PHOTO_BYTES,
  fields: 20,
  fieldSize: 10_000,
  parts: 20,
}
/** A report, a feedback step or an audit: up to six photos of 10 MB with their text fields. */
export const PHOTO_FORM_LIMITS: FormLimits = {
  ...TEXT_FORM_LIMITS,
  files: MAX_PHOTOS,
  parts: MAX_PHOTOS + TEXT_FORM_LIMITS.fields,
}

/**
 * Multipart forms. Each form reader hands its route's limits to `request.parts()`; these registered ones are the
 * strictest. Bodies are only read after authentication and the route's role check (onRequest), so a stranger's
 * upload is refused before its first byte is parsed.
 */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyMultipart, { limits: TEXT_FORM_LIMITS, throwFileSizeLimit: true })
  },
  { name: 'multipart' },
)

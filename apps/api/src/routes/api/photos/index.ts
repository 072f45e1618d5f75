import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { NotFoundError } from '../../../errors.ts'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { incidentRowVisibleTo } from '../../../plugins/app/incidents/incident-visibility.ts'
import { errorResponses } from '../error-schema.ts'

const photoRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/photos/:sha256',
    {
      schema: {
        tags: ['incidents'],
        summary: '照片（仅限可见事件）/ a photo of an incident you may see',
        params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        querystring: Type.Object({ variant: Type.Union([Type.Literal('full'), Type.Literal('thumb')], { default: 'full' }) }),
        response: { 200: Type.Unknown({ description: 'image/jpeg' }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request)
      // A photo is visible through an incident the user may read; otherwise it does not exist for them.
      const visible = await fastify.kysely
        .selectFrom('incident_photos as p')
        .innerJoin('incidents as i', 'i.id', 'p.incident_id')
        .select('p.photo_sha256')
        .where('p.photo_sha256', '=', request.params.sha256)
        .where(incidentRowVisibleTo(user))
        .limit(1)
        .executeTakeFirst()
      if (!visible || !(await fastify.photoStorage.has(request.params.sha256, request.query.variant))) throw new NotFoundError('照片 photo')
      return reply
        .type('image/jpeg')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(fastify.photoStorage.open(request.params.sha256, request.query.variant))
    },
  )
}

export default photoRoutes

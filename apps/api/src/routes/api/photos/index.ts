import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireUser } from '../../../plugins/app/accounts/authentication.ts'
import { errorResponses, PhotoBody, PhotoParams, PhotoQuery } from '@wangge/contract'
import { sendPhoto } from './photo-reply.ts'

const photoRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/photos/:sha256',
    {
      schema: {
        tags: ['incidents'],
        summary: '照片（仅限可见事件）/ a photo of an incident you may see',
        params: PhotoParams,
        querystring: PhotoQuery,
        response: { 200: PhotoBody, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request)
      // A photo is visible through an incident the user may read; otherwise it does not exist for them.
      const visible = await fastify.photosRepository.incidentPhotoVisibleTo(user, request.params.sha256)
      return sendPhoto(fastify, reply, visible, request.params, request.query)
    },
  )
}

export default photoRoutes

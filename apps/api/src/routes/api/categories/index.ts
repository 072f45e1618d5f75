import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { CategoryGroup, errorResponses } from '@wangge/contract'

const categoryRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/categories',
    {
      schema: {
        tags: ['incidents'],
        summary: '事件/部件分类（两级）/ categories, two levels',
        response: { 200: Type.Array(CategoryGroup), ...errorResponses(401) },
      },
    },
    async () => fastify.categoriesRepository.tree(),
  )
}

export default categoryRoutes

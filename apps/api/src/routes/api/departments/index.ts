import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { Department, errorResponses } from '@wangge/contract'

const departmentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/api/departments',
    {
      schema: {
        tags: ['users'],
        summary: '部门 / departments',
        response: { 200: Type.Array(Department), ...errorResponses(401) },
      },
    },
    async () => fastify.departmentsRepository.list(),
  )
}

export default departmentRoutes

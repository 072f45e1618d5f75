import fp from 'fastify-plugin'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'

/** The OpenAPI document is generated from the routes' TypeBox schemas and served at /api/docs. */
export default fp(
  async (fastify) => {
    await fastify.register(fastifySwagger, {
      openapi: {
        info: {
          title: '网格 Wangge API',
          description: '三级网格化管理平台 / three-level grid management',
          version: '0.1.0',
        },
      },
    })
    await fastify.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
  },
  { name: 'openapi' },
)

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ClientConfig } from '@wangge/contract'

export interface ClientConfigOptions {
  tileUrl: string
  tileAttribution: string
  streetName: string
}

/** What the web app needs to know at run time: the basemap (TILE_URL) and where the street is. */
const configRoutes: FastifyPluginAsyncTypebox<ClientConfigOptions> = async (fastify, options) => {
  fastify.get(
    '/api/config',
    {
      config: { public: true },
      schema: { tags: ['system'], summary: '前端配置 / client configuration', response: { 200: ClientConfig } },
    },
    async () => {
      const extent = await fastify.gridsRepository.extent()
      return {
        tileUrl: options.tileUrl,
        tileAttribution: options.tileAttribution,
        street: {
          name: options.streetName,
          center: extent?.center ?? null,
          bounds: extent ? ([...extent.bounds] as [number, number, number, number]) : null,
        },
      }
    },
  )
}

export default configRoutes

import { existsSync } from 'node:fs'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'

export interface WebAppOptions {
  /** The built SPA (apps/web/dist); when it has not been built, only the API is served. */
  root: string
}

/** Serves the built web app, with index.html for any non-API path so client-side routes survive a reload. */
export default fp<WebAppOptions>(
  async (fastify, { root }) => {
    if (!existsSync(root)) {
      fastify.log.warn({ root }, 'web app not built; serving the API only')
      return
    }
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await fastify.register(fastifyStatic, { root, wildcard: true, index: 'index.html' })
  },
  { name: 'web-app' },
)

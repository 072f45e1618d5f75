import { existsSync } from 'node:fs'
import path from 'node:path'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'

export interface WebAppOptions {
  /** The built SPA (apps/web/dist); when it has not been built, only the API is served. */
  root: string
}

/**
 * How long a browser may keep a file without asking again. Vite names every file under assets/ by its content's
 * hash, so a changed file is a new URL: those are kept for a year and never revalidated. Everything else (index.html,
 * which names the current assets, the service worker and its registration, the manifest, icons) is asked for again
 * each time (a 304 when unchanged), so a new release is seen at the next load.
 */
function cacheControlOf(file: string): string {
  return /^assets\/[^/]+$/.test(file.split(path.sep).join('/')) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/** Serves the built web app, with index.html for any non-API path so client-side routes survive a reload. */
export default fp<WebAppOptions>(
  async (fastify, { root }) => {
    if (!existsSync(root)) {
      fastify.log.warn({ root }, 'web app not built; serving the API only')
      return
    }
    await fastify.register(fastifyStatic, {
      root,
      // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
      wildcard: true,
      index: 'index.html',
      // The build writes .br and .gz beside each text file at the highest levels (apps/web/vite.config.ts):
      // served as they are, smaller than the on-the-fly compression and without its CPU per request.
      preCompressed: true,
      setHeaders: (reply, file) => {
        void reply.header('cache-control', cacheControlOf(path.relative(root, file)))
      },
    })
  },
  { name: 'web-app' },
)

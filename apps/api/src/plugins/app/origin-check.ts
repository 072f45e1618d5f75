import fp from 'fastify-plugin'
import { ForeignOriginError } from '../../errors.ts'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface OriginCheckOptions {
  /** PUBLIC_URL, when the app is reached through a proxy under another origin. */
  publicUrl: string | undefined
}

/**
 * A state-changing request that a browser sends carries `Origin`; it must be this app's own origin. Requests with
 * no Origin (scripts, curl) carry no ambient browser credentials to abuse and pass; SameSite=Lax does the rest.
 */
export default fp<OriginCheckOptions>(
  (fastify, { publicUrl }) => {
    const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined
    fastify.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return
      const origin = request.headers.origin
      if (origin === undefined) return
      const own = `${request.protocol}://${request.host}`
      if (origin !== own && origin !== publicOrigin) throw new ForeignOriginError(origin)
    })
  },
  { name: 'origin-check' },
)

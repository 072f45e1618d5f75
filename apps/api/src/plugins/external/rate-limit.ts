import fp from 'fastify-plugin'
import fastifyRateLimit from '@fastify/rate-limit'
import { RateLimitedError } from '../../errors.ts'

/**
 * Rate limits are opt-in per route, keyed by `request.ip` (the trusted client address, see TRUST_PROXY). Counters
 * live in this process's memory: with several instances each counts on its own. Sign-in does not use this plugin:
 * its throttle must hold across instances and must not let a stranger lock an account out (login-throttle.ts).
 */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) => new RateLimitedError(Math.ceil(context.ttl / 1000)),
    })
  },
  { name: 'rate-limit' },
)

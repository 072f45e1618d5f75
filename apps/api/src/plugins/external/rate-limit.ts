import fp from 'fastify-plugin'
import fastifyRateLimit from '@fastify/rate-limit'
import { RateLimitedError } from '../../errors.ts'

/**
 * Rate limits are opt-in per route (login today). Counters live in this process's memory: with several instances
 * each counts on its own, so the effective limit multiplies by the number of instances.
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

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import type { RateCounters } from './rate-counters.ts'

/**
 * A store for @fastify/rate-limit over the shared counters, so that a route's limit per client address holds across
 * every instance: the plugin's own stores count in this process's memory, or in Redis through ioredis only. A window
 * is fixed from its first request, as in the plugin's stores; each route counts on its own.
 */
export function routeRateStore(counters: RateCounters): FastifyRateLimitStoreCtor {
  class RouteRateStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly route = '',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      const now = Date.now()
      counters.count(`route:${this.route}${key}`, now, timeWindow, false).then(
        ({ attempts, expiresAt }) => callback(null, { current: attempts, ttl: Math.max(0, expiresAt - now) }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      )
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]) {
      // The plugin passes the route's merged limits, with the route itself under routeInfo (as its RedisStore reads it).
      const { routeInfo } = routeOptions as { routeInfo?: { method?: string; url?: string } }
      return new RouteRateStore(routeOptions, `${routeInfo?.method ?? ''}${routeInfo?.url ?? ''}-`)
    }
  }
  return RouteRateStore
}

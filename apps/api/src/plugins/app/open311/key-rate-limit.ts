import type { RateCounters } from '../rate-counters/rate-counters.ts'

const WINDOW_MS = 60_000

/**
 * Each key's own request budget: at most its `rateLimitPerMinute` requests in a fixed one-minute window from the
 * window's first request, counted in the counters every instance shares, so behind N instances a key still gets its
 * budget once. A refused request is counted too but moves nothing: the window ends a minute after it began, so a
 * client that backs off gets through next window. When the counters cannot be reached (Redis down) the request goes
 * on uncounted, as the routes' limits do: the budget is fairness between systems, not a lock.
 */
export function createKeyRateLimit(
  counters: RateCounters,
  onUnavailable: (err: unknown) => void,
  now: () => number = Date.now,
) {
  return {
    /** Takes one request from the key's budget: the seconds to wait when it is spent, else null. */
    async take(keyId: number, perMinute: number): Promise<{ retryAfterSeconds: number; firstRefusal: boolean } | null> {
      const at = now()
      const counted = await counters.count(`open311-key:${keyId}`, at, WINDOW_MS, false).catch((err: unknown) => {
        onUnavailable(err)
        return null
      })
      if (!counted) return null
      const { attempts, expiresAt } = counted
      if (attempts <= perMinute) return null
      // Each count is atomic, so exactly one request of the window, on whichever instance, is its first refusal.
      return {
        retryAfterSeconds: Math.max(1, Math.ceil((expiresAt - at) / 1000)),
        firstRefusal: attempts === perMinute + 1,
      }
    },
  }
}

export type KeyRateLimit = ReturnType<typeof createKeyRateLimit>

/**
 * Each key's own request budget: at most its `rateLimitPerMinute` requests in a fixed one-minute window. Counted in
 * this process's memory like the app's other rate limits (plugins/external/rate-limit.ts): with several instances
 * each counts on its own. A refused request does not count, so a client that backs off gets through next window.
 */
export function createKeyRateLimit(now: () => number = Date.now) {
  const windows = new Map<number, { start: number; count: number }>()
  const WINDOW_MS = 60_000
  return {
    /** Takes one request from the key's budget: the seconds to wait when it is spent, else null. */
    take(keyId: number, perMinute: number): { retryAfterSeconds: number; firstRefusal: boolean } | null {
      const at = now()
      let window = windows.get(keyId)
      if (!window || at - window.start >= WINDOW_MS) {
        window = { start: at, count: 0 }
        windows.set(keyId, window)
      }
      if (window.count >= perMinute) {
        const firstRefusal = window.count === perMinute
        // Counted past the limit once, so only the window's first refusal is reported as first.
        if (firstRefusal) window.count++
        return { retryAfterSeconds: Math.max(1, Math.ceil((window.start + WINDOW_MS - at) / 1000)), firstRefusal }
      }
      window.count++
      return null
    },
  }
}

export type KeyRateLimit = ReturnType<typeof createKeyRateLimit>

/** What counting one more attempt under a key found. */
export interface CountedAttempt {
  /** Attempts under the key, this one included, since it was last forgotten or expired. */
  attempts: number
  /** When the attempt before this one was counted (ms since the epoch); null for the first. */
  previousAt: number | null
  /** When the key will be forgotten if nothing more is counted (ms since the epoch). */
  expiresAt: number
}

/**
 * Counters of sign-in attempts that every API instance shares (Redis, or PostgreSQL without it). Each call is one
 * atomic step, so concurrent attempts each see their own count.
 */
export interface LoginAttemptStore {
  /**
   * Counts one attempt under `key` at `now`. A `sliding` key is forgotten `ttlMs` after its last attempt; a fixed
   * one `ttlMs` after its first (a window).
   */
  count(key: string, now: number, ttlMs: number, sliding: boolean): Promise<CountedAttempt>
  /** Takes one attempt back (a sign-in that succeeded is no failure). */
  uncount(key: string): Promise<void>
  forget(key: string): Promise<void>
  close(): Promise<void>
}

/** What counting one more hit under a key found. */
export interface CountedHit {
  /** Hits under the key, this one included, since it was last forgotten or expired. */
  attempts: number
  /** When the hit before this one was counted (ms since the epoch); null for the first. */
  previousAt: number | null
  /** When the key will be forgotten if nothing more is counted (ms since the epoch). */
  expiresAt: number
}

/**
 * Counters every API instance shares (Redis, or PostgreSQL without it), for every budget a client must not multiply
 * by the number of instances: the sign-in throttle, the Open311 reads per address, each API key's rate a minute. Each
 * call is one atomic step, so concurrent hits each see their own count, on whichever instance they land.
 */
export interface RateCounters {
  /**
   * Counts one hit under `key` at `now`. A `sliding` key is forgotten `ttlMs` after its last hit; a fixed one `ttlMs`
   * after its first (a window).
   */
  count(key: string, now: number, ttlMs: number, sliding: boolean): Promise<CountedHit>
  /** Takes one hit back (a sign-in that succeeded is no failure). */
  uncount(key: string): Promise<void>
  forget(key: string): Promise<void>
  close(): Promise<void>
}

import { RateLimitedError } from '../../../errors.ts'
import type { RateCounters } from '../rate-counters/rate-counters.ts'

/** Failed sign-ins a (phone, address) pair may make before it has to wait. */
export const FREE_ATTEMPTS_PER_PAIR = 5
/** The first wait, doubled at each further failure up to MAX_WAIT_MS. */
const FIRST_WAIT_MS = 15_000
const MAX_WAIT_MS = 15 * 60_000
/** A pair's failures are forgotten an hour after its last attempt, or at its next successful sign-in. */
const PAIR_MEMORY_MS = 60 * 60_000
/** Failed sign-ins per address per minute, over all phones (a whole office may share one address). */
export const FAILED_ATTEMPTS_PER_ADDRESS = 30
const ADDRESS_WINDOW_MS = 60_000

/** How long a pair waits after its n-th unsuccessful attempt: nothing for the first five, then 15 s doubling to 15 min. */
export function waitAfterAttempt(attempts: number): number {
  if (attempts < FREE_ATTEMPTS_PER_PAIR) return 0
  return Math.min(FIRST_WAIT_MS * 2 ** (attempts - FREE_ATTEMPTS_PER_PAIR), MAX_WAIT_MS)
}

const pairKey = (phone: string, address: string) => `pair:${phone}:${address}`
const addressKey = (address: string) => `address:${address}`

/**
 * Sign-in throttling that a stranger cannot turn into a lock-out. The back-off is per (phone, address) pair: someone
 * guessing a phone's password from elsewhere slows only their own pair, and its owner signs in from their own
 * address as usual. A looser cap per address bounds one address guessing many phones.
 *
 * Every attempt is counted before its password is checked and taken back when it succeeds: concurrent guesses each
 * get their own count, so a burst cannot slip through before the first failure is written. A refused attempt
 * counts too, so hammering keeps the wait growing instead of waiting it out.
 */
export function createLoginThrottle(counters: RateCounters, clock: () => number = Date.now) {
  return {
    /** Counts an attempt; throws 429 with the wait when the pair must wait or the address is over its cap. */
    async admit(phone: string, address: string): Promise<void> {
      const now = clock()
      const [pair, fromAddress] = await Promise.all([
        counters.count(pairKey(phone, address), now, PAIR_MEMORY_MS, true),
        counters.count(addressKey(address), now, ADDRESS_WINDOW_MS, false),
      ])
      const pairWaits = pair.previousAt !== null && now - pair.previousAt < waitAfterAttempt(pair.attempts - 1)
      const addressFull = fromAddress.attempts > FAILED_ATTEMPTS_PER_ADDRESS
      if (!pairWaits && !addressFull) return
      const waitMs = Math.max(
        pairWaits ? waitAfterAttempt(pair.attempts) : 0,
        addressFull ? fromAddress.expiresAt - now : 0,
      )
      throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)))
    },
    /** A successful sign-in: the pair starts afresh and the address's count takes the attempt back. */
    async succeeded(phone: string, address: string): Promise<void> {
      await Promise.all([counters.forget(pairKey(phone, address)), counters.uncount(addressKey(address))])
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>

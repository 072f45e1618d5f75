const FIRST_DELAY_MS = 5_000
const MAX_DELAY_MS = 5 * 60_000

/**
 * How long to wait before the next attempt after `attempts` failed ones: 5 s, 10 s, 20 s … up to 5 minutes, with
 * ±20 % jitter so a street of phones coming back online together does not knock on the server in step.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1))
  return Math.round(base * (0.8 + 0.4 * random()))
}

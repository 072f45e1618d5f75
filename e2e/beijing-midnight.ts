import type { Page } from 'playwright-core'

export const DAY_MS = 86_400_000
const BEIJING_MS = 8 * 3_600_000

/**
 * Sets the page's clock 20 s before this morning's midnight in Beijing (yesterday evening, for the server, which keeps
 * the real time), before the page loads; returns that midnight (ms). A test then fast-forwards past it.
 */
export async function clockBeforeBeijingMidnight(page: Page): Promise<number> {
  const midnight = Math.floor((Date.now() + BEIJING_MS) / DAY_MS) * DAY_MS - BEIJING_MS
  await page.clock.install({ time: midnight - 20_000 })
  return midnight
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export const beijingDate = (ms: number) => new Date(ms + BEIJING_MS).toISOString().slice(0, 10)

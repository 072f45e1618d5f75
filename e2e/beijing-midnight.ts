import type { Page } from 'playwright-core'
import { shanghaiMidnightOf } from '@wangge/sla'

export const DAY_MS = 86_400_000

/**
 * Sets the page's clock 20 s before this morning's midnight in Beijing (yesterday evening, for the server, which keeps
 * the real time), before the page loads; returns that midnight (ms). A test then fast-forwards past it.
 */
export async function clockBeforeBeijingMidnight(page: Page): Promise<number> {
  const midnight = shanghaiMidnightOf(Date.now()).getTime()
  await page.clock.install({ time: midnight - 20_000 })
  return midnight
}

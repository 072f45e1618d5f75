import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** Every Content-Security-Policy violation the page reports, from the moment it is created. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      void (window as unknown as { reportViolation(text: string): Promise<void> }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      )
    })
  })
  return violations
}

describe('the Content-Security-Policy', () => {
  it('breaks nothing on the map or the worker pages: no violation, the worker preload runs, the live socket connects', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const page = await context.newPage()
    const violations = await watchViolations(page)
    const socket = page.waitForEvent('websocket', {
      predicate: (ws) => ws.url().includes('/socket.io/'),
      timeout: 60_000,
    })
    await signIn(page, baseUrl, '13800000005')
    await page.locator('.leaflet-container').waitFor({ state: 'visible', timeout: 30_000 })
    const ws = await socket
    expect(ws.isClosed()).toBe(false)
    expect(violations).toEqual([])
    await context.close()

    // The worker's pages: index.html's own inline script (allowed by its hash) preloads their chunk on /m.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const workerPage = await phone.newPage()
    const workerViolations = await watchViolations(workerPage)
    await signIn(workerPage, baseUrl, '13800000001')
    await workerPage.goto(`${baseUrl}/m`)
    await workerPage.waitForLoadState('networkidle')
    const preloads = await workerPage.evaluate(() =>
      Array.from(document.querySelectorAll('link[rel=modulepreload]'), (l) => l.getAttribute('href') ?? ''),
    )
    expect(preloads.some((href) => href.includes('worker-pages'))).toBe(true)
    expect(workerViolations).toEqual([])
    await phone.close()
  })

  it('leaves the API docs working', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const violations = await watchViolations(page)
    await page.goto(`${baseUrl}/api/docs`)
    await page.locator('.swagger-ui .opblock').first().waitFor({ state: 'visible', timeout: 30_000 })
    expect(violations).toEqual([])
    await context.close()
  })
})

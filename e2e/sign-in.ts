import type { Page } from 'playwright-core'

/** The password of every seeded demo account (seed/src/accounts.ts). */
export const DEMO_PASSWORD = 'Wangge@2026'

/** Fills in and sends the login form, as a person would; what follows is the caller's to check. */
export async function submitLogin(page: Page, baseUrl: string, phone: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel(/手机号|Mobile number/).fill(phone)
  await page.getByLabel(/密码|Password/).fill(password)
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click()
}

/**
 * Signs in through the login page and waits until the app has moved on from it. The login allows five attempts per
 * phone a minute and every browser test file signs the demo accounts in against one server: a 429 waits out its
 * Retry-After, as a person would, and tries again.
 */
export async function signIn(page: Page, baseUrl: string, phone: string, password = DEMO_PASSWORD): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST')
    await submitLogin(page, baseUrl, phone, password)
    const res = await answered
    if (res.status() !== 429) break
    await page.waitForTimeout((Number(res.headers()['retry-after'] ?? 10) + 1) * 1000)
  }
  await page.waitForURL((url) => url.pathname !== '/login', { timeout: 10_000 })
}

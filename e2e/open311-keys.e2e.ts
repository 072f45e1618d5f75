import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'

// The admin's Open311 page: a key issued for a system is shown once, works for a POST, and once revoked is refused.

const baseUrl = inject('baseUrl')
const ADMIN = '13800000006'
const SHOTS = process.env.E2E_SHOTS ?? '/tmp'
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, locale: 'zh-CN' }

async function newPage(options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options)
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  return context.newPage()
}

describe('Open311 access (admins)', () => {
  it('issues a key shown once that files a case, lists it by prefix only, and revokes it', async () => {
    const page = await newPage(DESKTOP)
    await signIn(page, baseUrl, ADMIN)
    await page.goto(`${baseUrl}/admin/open311`)
    await page.getByRole('heading', { name: 'Open311 接入' }).waitFor()
    await page.getByRole('button', { name: '签发密钥' }).click()
    const form = page.getByTestId('open311-key-form')
    await form.getByLabel('接入系统名称').fill('市民随手拍')
    await form.getByLabel('每分钟最多请求数（1–6000）').fill('120')
    await form.getByLabel('指定事件类别').check()
    await form.getByLabel('井盖破损缺失').check()
    await page.screenshot({ path: `${SHOTS}/open311-keys-issue.png` })
    await form.getByRole('button', { name: '签发', exact: true }).click()

    const key = (await page.getByTestId('open311-new-key').textContent())!.trim()
    expect(key).toMatch(/^wg311_[0-9a-f]{64}$/)
    await page.screenshot({ path: `${SHOTS}/open311-keys-shown-once.png` })
    await page.getByRole('button', { name: '我已保存' }).click()

    const row = page.getByTestId('open311-key-row').filter({ hasText: '市民随手拍' })
    await expect.poll(() => row.textContent()).toContain(`${key.slice(6, 14)}…`)
    expect(await page.content()).not.toContain(key.slice(14))
    expect(await row.textContent()).toContain('井盖破损缺失')

    // The key files a case through Open311 (form-encoded, as any client sends it)…
    // A point in the street: where a case of the seed lies, as the public list gives it.
    const [target] = (await (
      await page.request.get(`${baseUrl}/open311/v2/requests.json?service_code=C0101`)
    ).json()) as { lat: number; long: number }[]
    expect(target).toBeDefined()
    const filed = await page.request.post(`${baseUrl}/open311/v2/requests.json`, {
      form: {
        api_key: key,
        service_code: 'C0101',
        lat: String(target!.lat),
        long: String(target!.long),
        description: '浏览器测试',
      },
    })
    expect(filed.status()).toBe(201)

    // …and once revoked is refused.
    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: '吊销' }).click()
    await expect.poll(() => row.textContent()).toContain('已吊销')
    const refused = await page.request.post(`${baseUrl}/open311/v2/requests.json`, {
      form: { api_key: key, service_code: 'C0101', lat: String(target!.lat), long: String(target!.long) },
    })
    expect(refused.status()).toBe(403)
    await page.reload()
    await page.getByTestId('open311-keys').waitFor()
    await page.screenshot({ path: `${SHOTS}/open311-keys-list.png`, fullPage: true })
  })

  it('reads on a phone without the page widening', async () => {
    const page = await newPage(PHONE)
    await signIn(page, baseUrl, ADMIN)
    await page.goto(`${baseUrl}/admin/open311`)
    await page.getByRole('heading', { name: 'Open311 接入' }).waitFor()
    await page.screenshot({ path: `${SHOTS}/open311-keys-phone.png`, fullPage: true })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  })
})

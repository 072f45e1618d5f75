import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn, submitLogin } from './sign-in.ts'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } }
// Workers use their phones: a 390×844 touch screen.
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
}

/** A fresh browser profile (no cookies) with basemap tiles blocked: the grid polygons are the map. */
async function newPage(options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext({ ...options, locale: 'zh-CN' })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  return context.newPage()
}

/** The seeded demo accounts (seed/src/accounts.ts), each with its home and something only its home shows. */
const ACCOUNTS = [
  {
    who: 'worker',
    phone: '13800000001',
    home: '/m',
    role: '网格员',
    device: PHONE,
    shows: (page: Page) => page.getByTestId('worker-grid-code').filter({ hasText: '370705002001001' }),
  },
  {
    who: 'community supervisor',
    phone: '13800000002',
    home: '/',
    role: '监督指挥员',
    device: DESKTOP,
    shows: (page: Page) => page.getByTestId('scope-legend'),
  },
  {
    who: 'street-wide supervisor',
    phone: '13800000003',
    home: '/',
    role: '监督指挥员',
    device: DESKTOP,
    shows: (page: Page) => page.locator('.leaflet-container'),
  },
  {
    who: 'handler',
    phone: '13800000004',
    home: '/department',
    role: '部门处置人员',
    device: DESKTOP,
    shows: (page: Page) => page.getByTestId('department-name').filter({ hasText: '综合执法办公室' }),
  },
  {
    who: 'manager',
    phone: '13800000005',
    home: '/',
    role: '街道管理者',
    device: DESKTOP,
    shows: (page: Page) => page.locator('.leaflet-container'),
  },
  {
    who: 'admin',
    phone: '13800000006',
    home: '/admin/users',
    role: '系统管理员',
    device: DESKTOP,
    shows: (page: Page) => page.getByTestId('users-table'),
  },
] as const

describe('signing in', () => {
  for (const account of ACCOUNTS) {
    it(`brings the ${account.who} to their own home`, async () => {
      const page = await newPage(account.device)
      await signIn(page, baseUrl, account.phone)
      expect(new URL(page.url()).pathname).toBe(account.home)
      await account.shows(page).first().waitFor({ state: 'visible', timeout: 10_000 })
      expect(await page.getByTestId('current-role').textContent()).toBe(account.role)
      await page.context().close()
    })
  }

  it('says so when the password is wrong, and stays on the login page', async () => {
    const page = await newPage(DESKTOP)
    await submitLogin(page, baseUrl, '13900000000', 'not-the-password')
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('手机号或密码错误')
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.context().close()
  })

  it('draws the manager’s map plain: a street-wide scope marks no grids', async () => {
    const page = await newPage(DESKTOP)
    const scope = page.waitForResponse((r) => r.url().endsWith('/api/auth/scope'), { timeout: 120_000 })
    await signIn(page, baseUrl, '13800000005')
    expect(await (await scope).json()).toMatchObject({ streetWide: true })
    await page.getByText(/当前显示/).waitFor()
    expect(await page.getByTestId('scope-legend').count()).toBe(0)
    await page.context().close()
  })
})

describe('route guards', () => {
  it('shows a worker who opens /admin/users the 403 page, with a way home', async () => {
    const page = await newPage(PHONE)
    await signIn(page, baseUrl, '13800000001')
    await page.goto(`${baseUrl}/admin/users`)
    const forbidden = page.getByTestId('forbidden')
    await forbidden.waitFor({ timeout: 10_000 })
    expect(await forbidden.textContent()).toContain('无权访问')
    await forbidden.getByRole('link').click()
    await page.waitForURL(`${baseUrl}/m`)
    await page.context().close()
  })

  it('sends a visitor without a session to the login page, and back after signing in', async () => {
    const page = await newPage(DESKTOP)
    await page.goto(`${baseUrl}/admin/audit`)
    await page.waitForURL(`${baseUrl}/login`)
    await page.getByLabel('手机号').fill('13800000006')
    await page.getByLabel('密码').fill('Wangge@2026')
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(`${baseUrl}/admin/audit`, { timeout: 10_000 })
    await page.getByRole('heading', { name: '审计日志' }).waitFor()
    await page.context().close()
  })
})

describe('signing out', () => {
  it('returns to the login page and ends the session on the server', async () => {
    const page = await newPage(PHONE)
    await signIn(page, baseUrl, '13800000001')
    await page.getByRole('button', { name: '退出' }).click()
    await page.waitForURL(`${baseUrl}/login`)
    // page.request carries the browser's cookies: the session they named must be gone.
    expect((await page.request.get(`${baseUrl}/api/auth/me`)).status()).toBe(401)
    await page.context().close()
  })

  it('sends the user to the login page when the session ends under them', async () => {
    const page = await newPage(DESKTOP)
    await signIn(page, baseUrl, '13800000005')
    await page.locator('.leaflet-container').waitFor()
    await page.context().clearCookies()
    // Zooming asks for the new view's grids; the 401 that answers must bring the login page. One of the map's
    // first requests, still on its way when the cookies went, may meet its 401 first and leave the page before
    // the click: the login page is what this test asserts, whichever request brings it.
    await page
      .locator('.leaflet-control-zoom-in')
      .click({ timeout: 5_000 })
      .catch(() => undefined)
    await page.waitForURL(`${baseUrl}/login`, { timeout: 10_000 })
    await page.getByText('登录已失效').waitFor()
    await page.context().close()
  })
})

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'

const baseUrl = inject('baseUrl')
const MANAGER = '13800000005'
const ADMIN = '13800000006'
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' }
// A phone's screen and touch. Not isMobile: the app header is 526 px wide for a manager at 390 px (a shell problem,
// not the form's), and a mobile viewport zoomed out to fit it taps beside the sticky submit bar.
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  deviceScaleFactor: 2,
  locale: 'zh-CN',
}

async function newPage(options: BrowserContextOptions): Promise<Page> {
  const context = await browser.newContext(options)
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  return context.newPage()
}

interface StationRow {
  id: number
  name: string
  location: { lng: number; lat: number }
}

describe('the station audit form’s safeguards', () => {
  it('refuses an audit with an undecided item beside that item, and warns before an off-site audit is filed', async () => {
    // A station, and a point about 450 m from it that is still in the street (the API refuses one outside).
    const probe = await newPage(DESKTOP)
    await signIn(probe, baseUrl, MANAGER)
    const { items } = (await (await probe.request.get(`${baseUrl}/api/stations?limit=50`)).json()) as {
      items: StationRow[]
    }
    let chosen: { station: StationRow; lng: number; lat: number } | undefined
    for (const station of items) {
      for (const [dLng, dLat] of [
        [0.0047, 0],
        [-0.0047, 0],
        [0, 0.004],
        [0, -0.004],
      ] as const) {
        const at = { lng: station.location.lng + dLng, lat: station.location.lat + dLat }
        if ((await probe.request.get(`${baseUrl}/api/grids/locate?lng=${at.lng}&lat=${at.lat}`)).status() === 200)
          chosen = { station, ...at }
        if (chosen) break
      }
      if (chosen) break
    }
    expect(chosen).toBeDefined()
    const { station, lng, lat } = chosen!
    const session = await probe.context().storageState()
    await probe.context().close()

    const context = await browser.newContext({
      ...PHONE,
      storageState: session,
      geolocation: { latitude: lat, longitude: lng, accuracy: 8 },
      permissions: ['geolocation'],
    })
    const phone = await context.newPage()
    const audits: string[] = []
    phone.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes(`/api/stations/${station.id}/audits`)) audits.push(r.url())
    })
    await phone.goto(`${baseUrl}/stations/${station.id}/audit`)
    await expect
      .poll(() => phone.getByTestId('audit-location').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('ready')

    // Nothing is chosen at first: neither 合格 nor 不合格 is pressed, and the score does not claim 100.
    const fieldsets = phone.locator('fieldset.audit-item')
    expect(await fieldsets.count()).toBe(6)
    expect(await phone.locator('fieldset.audit-item [role="radio"][aria-checked="true"]').count()).toBe(0)
    expect(await phone.getByTestId('audit-score').textContent()).toContain('6 项未判定')

    // All but one decided: the submit is refused, the error stands inside the undecided item only.
    const all = await fieldsets.all()
    for (const item of all.slice(0, 5)) await item.getByRole('radio', { name: '合格', exact: true }).tap()
    // Down to the end of the form, as a person would: the submit bar sticks to the bottom while the items scroll under it.
    await phone.getByLabel('检查备注').scrollIntoViewIfNeeded()
    await phone.getByRole('button', { name: '提交检查' }).tap()
    const last = all[5]!
    await expect.poll(() => last.getByText('请选择合格或不合格。').isVisible()).toBe(true)
    expect(await phone.locator('fieldset.audit-item').getByText('请选择合格或不合格。').count()).toBe(1)
    expect(phone.url()).toBe(`${baseUrl}/stations/${station.id}/audit`)

    // Failing it without a deduction: the error is beside the deduction field, and the score says a deduction is missing.
    await last.getByRole('radio', { name: '不合格' }).tap()
    await phone.getByRole('button', { name: '提交检查' }).tap()
    await expect.poll(() => last.getByText('不合格项须扣分。').isVisible()).toBe(true)
    expect(await phone.getByTestId('audit-score').textContent()).toContain('扣分待补全')
    await last.getByRole('radio', { name: '合格', exact: true }).tap()

    // Every item decided, but 450 m from the station: a warning to confirm, and nothing sent until then.
    await phone.getByRole('button', { name: '提交检查' }).tap()
    const warning = phone.getByTestId('audit-off-site')
    await warning.waitFor()
    expect(await warning.textContent()).toMatch(/约 \d+ 米.*非现场/)
    expect(audits).toEqual([])
    await warning.getByRole('button', { name: '返回修改' }).tap()
    expect(await warning.count()).toBe(0)
    expect(audits).toEqual([])

    // Confirmed, it is filed, and the station's history marks it off-site.
    await phone.getByRole('button', { name: '提交检查' }).tap()
    await warning.getByRole('button', { name: '仍然提交' }).tap()
    await phone.waitForURL((url) => url.pathname === `/stations/${station.id}`, { timeout: 15_000 })
    expect(audits).toHaveLength(1)
    await expect
      .poll(() => phone.getByTestId('audit-history').locator('li.audit-entry').first().textContent())
      .toContain('非现场')
    await context.close()
  })
})

describe('the admin’s grid picker', () => {
  it('scopes a new worker to a unit grid found by searching its name, without typing a code', async () => {
    const page = await newPage(DESKTOP)
    await signIn(page, baseUrl, ADMIN)
    await page.goto(`${baseUrl}/admin/users`)
    await page.getByRole('button', { name: '新建用户' }).click()
    const form = page.getByTestId('user-form')
    const phone = `139${String(Date.now()).slice(-8)}`
    await form.getByLabel('姓名', { exact: true }).fill('网格选择测试')
    await form.getByLabel('手机号', { exact: true }).fill(phone)
    await form.getByLabel('初始密码').fill('Grid-picker-2026!')
    await form.locator('select[name="role"]').selectOption('worker')

    const picker = form.getByTestId('grid-picker')
    // The tree opens a community to its areas; a worker's scope is unit grids, so a community cannot be ticked.
    const community = picker.locator('.grid-picker-option').first()
    await community.waitFor()
    expect(await community.locator('input').isDisabled()).toBe(true)

    await picker.getByTestId('grid-picker-search').fill('虞河社区002')
    const hit = picker.locator('.grid-picker-option[data-grid-code="370705002001002"]')
    await hit.waitFor({ timeout: 10_000 })
    expect(await hit.textContent()).toContain('虞河社区002网格')
    await hit.locator('input').check()
    await expect.poll(() => picker.locator('.grid-picker-chips').textContent()).toContain('虞河社区002网格')

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST')
    await form.getByRole('button', { name: '保存' }).click()
    const res = await saved
    expect(res.status()).toBe(201)
    const user = (await res.json()) as { grids: { code: string; name: string }[] }
    expect(user.grids.map((g) => g.code)).toEqual(['370705002001002'])
    await page.context().close()
  })
})

import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

// The handler's workbench (责任单位) on a phone: the demo handler of 综合执法办公室 accepts a case, returns another with
// a reason and answers a third with a photo, all in the UI, while the queues' counts follow live events.

const baseUrl = inject('baseUrl')
const PHOTO = path.join(import.meta.dirname, 'fixtures', 'street-scene.jpg')
const HANDLER_PHONE = '13800000004'
const SUPERVISOR_PHONE = '13800000002'
const WORKER_PHONE = '13800000001'
/** What a zh-CN page must never show: raw codes, ids, transport words, English error names. */
const DENIED = /[A-Z_]{6,}|#\d+|xhr|Error/

let browser: Browser
let supervisor: ApiSession
let departmentId: number
let where: { lng: number; lat: number }

beforeAll(async () => {
  browser = await launchChromium()
  supervisor = await apiAs(baseUrl, SUPERVISOR_PHONE)
  // A point in the demo worker's unit grid, inside the demo supervisor's community.
  where = await pointInGrid(await apiAs(baseUrl, WORKER_PHONE), '370705002001001')
  const departments = await supervisor.get<{ id: number; code: string }[]>('/api/departments')
  departmentId = departments.find((d) => d.code === 'enforcement')!.id
})
afterAll(async () => {
  await browser?.close()
})

/** A case reported, registered and dispatched to 综合执法办公室 by the demo supervisor, through the API. */
async function dispatchToDepartment(description: string): Promise<{ id: string; caseNumber: string }> {
  const incident = await supervisor.report({ lng: where.lng, lat: where.lat, categoryCode: 'C0102', description })
  await supervisor.post(`/api/incidents/${incident.id}/register`, {})
  await supervisor.post(`/api/incidents/${incident.id}/dispatch`, { departmentId })
  return supervisor.get<{ id: string; caseNumber: string }>(`/api/incidents/${incident.id}`)
}

async function handlerPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  const page = await context.newPage()
  await signIn(page, baseUrl, HANDLER_PHONE)
  return { context, page }
}

const count = async (page: Page, queue: string) => Number(await page.getByTestId(`queue-count-${queue}`).textContent())
const card = (page: Page, caseNumber: string) =>
  page.locator(`[data-testid="case-card"][data-case-number="${caseNumber}"]`)

/** The visible text holds nothing from the deny-list, and the page is no wider than the phone. */
async function expectPlainChinese(page: Page): Promise<void> {
  const text = await page.locator('body').innerText()
  expect(text.match(DENIED)?.[0] ?? null).toBeNull()
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
}

describe('the handler’s workbench on a phone', () => {
  it('accepts one case, returns another with a reason and answers a third with a photo; the queues follow live', async () => {
    const { context, page } = await handlerPhone()
    await page.waitForURL(`${baseUrl}/department`)
    await page.getByTestId('live-status').filter({ hasText: '实时推送已连接' }).waitFor({ timeout: 15_000 })
    await expect.poll(() => page.getByTestId('queue-count-pending').textContent()).toMatch(/^\d+$/)
    const before = {
      pending: await count(page, 'pending'),
      inProgress: await count(page, 'inProgress'),
      awaitingVerification: await count(page, 'awaitingVerification'),
      rework: await count(page, 'rework'),
    }

    // Dispatched while the page is open: the 待接收 count rises without a reload.
    const stamp = Date.now()
    const [toAccept, toReturn, toAnswer] = [
      await dispatchToDepartment(`井盖松动 ${stamp}`),
      await dispatchToDepartment(`占道经营 ${stamp}`),
      await dispatchToDepartment(`垃圾堆放 ${stamp}`),
    ]
    await expect.poll(() => count(page, 'pending'), { timeout: 15_000 }).toBe(before.pending + 3)
    const accepting = card(page, toAccept.caseNumber)
    await accepting
      .getByTestId('time-left')
      .filter({ hasText: /剩余|超时/ })
      .waitFor()
    await expectPlainChinese(page)

    // Accept.
    await accepting.tap()
    await page.waitForURL(`${baseUrl}/department/cases/${toAccept.id}`)
    await page.getByTestId('case-accept').tap()
    await expect.poll(() => page.getByTestId('case-status').textContent(), { timeout: 10_000 }).toBe('处理中')
    await page.getByTestId('step-done').waitFor()
    await expect.poll(() => page.getByTestId('case-history').innerText()).toContain('接收')
    await expectPlainChinese(page)
    await page.getByRole('link', { name: /返回本部门案卷/ }).tap()
    await expect.poll(() => count(page, 'pending'), { timeout: 10_000 }).toBe(before.pending + 2)
    await expect.poll(() => count(page, 'inProgress'), { timeout: 10_000 }).toBe(before.inProgress + 1)

    // Return, with a reason, after a confirmation.
    await card(page, toReturn.caseNumber).tap()
    await page.waitForURL(`${baseUrl}/department/cases/${toReturn.id}`)
    await page.getByTestId('case-return').tap()
    await page.getByTestId('case-return-submit').tap()
    await page.getByTestId('step-error').filter({ hasText: '请填写退回原因' }).waitFor()
    await page.getByLabel('退回原因').fill('占道经营归市场监管所管辖')
    await page.getByTestId('case-return-submit').tap()
    const confirm = page.getByRole('dialog', { name: '确认退回' })
    await confirm.getByText('占道经营归市场监管所管辖').waitFor()
    await confirm.getByTestId('case-return-confirm').tap()
    await page.waitForURL(`${baseUrl}/department`)
    await page.getByTestId('case-returned').waitFor()
    await expect.poll(() => count(page, 'pending'), { timeout: 10_000 }).toBe(before.pending + 1)
    const returned = await supervisor.get<{
      status: string
      assignee: { department: unknown }
      history: { action: string; note: string | null }[]
    }>(`/api/incidents/${toReturn.id}`)
    expect(returned).toMatchObject({ status: 'registered', assignee: { department: null } })
    expect(returned.history.at(-1)).toMatchObject({ action: 'return', note: '占道经营归市场监管所管辖' })

    // Accept and answer with an after-photo through the photo picker.
    await card(page, toAnswer.caseNumber).tap()
    await page.waitForURL(`${baseUrl}/department/cases/${toAnswer.id}`)
    await page.getByTestId('case-accept').tap()
    const form = page.getByTestId('case-feedback-form')
    await form.waitFor()
    const chooser = page.waitForEvent('filechooser')
    await form.getByTestId('photo-camera').tap()
    await (await chooser).setFiles(PHOTO)
    await form.getByTestId('photo-thumbs').locator('img').first().waitFor()
    await page.getByLabel('处置情况').fill('垃圾已清运，现场已冲洗')
    await page.getByTestId('case-feedback').tap()
    await expect.poll(() => page.getByTestId('case-status').textContent(), { timeout: 20_000 }).toBe('待核查')
    await page.getByTestId('case-photos-after').locator('img').first().waitFor()
    const answered = await supervisor.get<{
      status: string
      photos: { kind: string }[]
      history: { action: string; note: string | null }[]
    }>(`/api/incidents/${toAnswer.id}`)
    expect(answered.status).toBe('handled')
    expect(answered.photos.filter((p) => p.kind === 'after')).toHaveLength(1)
    expect(answered.history.at(-1)).toMatchObject({ action: 'feedback', note: '垃圾已清运，现场已冲洗' })

    // The supervisor sends it back: the case page and the 返工 queue show the rework and its reason, live.
    await supervisor.post(`/api/incidents/${toAnswer.id}/verify`, { passed: false, note: '路面仍有污渍' })
    await page.getByTestId('case-rework').filter({ hasText: '返工 第 1 次' }).waitFor({ timeout: 15_000 })
    await page.getByTestId('case-rework-reason').filter({ hasText: '路面仍有污渍' }).waitFor()
    await expect
      .poll(() => page.getByTestId('case-history').innerText())
      .toMatch(/核查不通过 · 返工 第 1 次 — 路面仍有污渍/)
    await page.getByRole('link', { name: /返回本部门案卷/ }).tap()
    await expect.poll(() => count(page, 'rework'), { timeout: 10_000 }).toBe(before.rework + 1)
    await expect.poll(() => count(page, 'pending'), { timeout: 10_000 }).toBe(before.pending)
    await expect.poll(() => count(page, 'inProgress'), { timeout: 10_000 }).toBe(before.inProgress + 1)
    await page.getByTestId('queue-tab-rework').tap()
    const reworked = card(page, toAnswer.caseNumber)
    await reworked.getByText('返工 第 1 次').waitFor()
    await reworked.getByText('核查不通过：路面仍有污渍').waitFor()
    await expectPlainChinese(page)
    await context.close()
  })
})

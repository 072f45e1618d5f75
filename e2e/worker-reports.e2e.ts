import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

const baseUrl = inject('baseUrl')
const PHOTO = path.join(import.meta.dirname, 'fixtures', 'street-scene.jpg')
const WORKER_PHONE = '13800000001'
const WORKER_GRID = '370705002001001'
const SUPERVISOR_PHONE = '13800000002'
/** What must never reach a zh-CN page: the router's developer page, codes, English sentences. */
const DENIED = /Unexpected Application Error|[A-Z_]{6,}|xhr|Error|Failed to fetch/

let browser: Browser
let worker: ApiSession
let supervisor: ApiSession
let where: { code: string; lng: number; lat: number }

beforeAll(async () => {
  browser = await launchChromium()
  worker = await apiAs(baseUrl, WORKER_PHONE)
  supervisor = await apiAs(baseUrl, SUPERVISOR_PHONE)
  where = await pointInGrid(worker, WORKER_GRID)
})
afterAll(async () => {
  await browser?.close()
})

/** A worker's phone (390×844, touch, Chinese, GPS in their grid), signed in with the API session's cookie. */
async function phone(options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    permissions: ['geolocation'],
    geolocation: { latitude: where.lat, longitude: where.lng, accuracy: 12 },
    serviceWorkers: options.serviceWorkers ?? 'allow',
  })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  await context.addCookies(worker.cookies.map((cookie) => ({ ...cookie, url: baseUrl })))
  return context
}

/** Opens `/m` and waits until the service worker controls the page: the app's code is then on the phone. */
async function firstVisit(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl}/m`)
  await page.getByTestId('report-button').waitFor()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 })
  return page
}

/** The report flow with a photo and 暴露垃圾, as worker.e2e.ts does it; ends back on /m with the item queued. */
async function report(page: Page, description: string): Promise<void> {
  await page.getByTestId('report-button').tap()
  await page.waitForURL(`${baseUrl}/m/report`)
  const chooser = page.waitForEvent('filechooser')
  await page.getByTestId('photo-camera').tap()
  await (await chooser).setFiles(PHOTO)
  await page.getByTestId('photo-thumbs').locator('img').first().waitFor()
  await page.getByRole('button', { name: '事件 市容环境', exact: true }).tap()
  await page.getByRole('button', { name: '暴露垃圾', exact: true }).tap()
  await page.getByLabel('问题描述').fill(description)
  await page.getByTestId('gps-status').filter({ hasText: '精度约' }).waitFor()
  await page.getByTestId('report-submit').tap()
  await page.waitForURL(`${baseUrl}/m`)
  await page.getByTestId('queued-notice').waitFor()
}

const waitingCount = (page: Page) => page.getByTestId('outbox-waiting-count').getAttribute('data-count')

describe('the worker’s own reports, rework and offline start', () => {
  it('shows a report made on one phone in 我的上报 of another, live, newest first, in words', async () => {
    const marker = `跨设备${Date.now()}`
    const [first, second] = [await phone(), await phone()]
    const reporting = await firstVisit(first)
    const reading = await second.newPage()
    await reading.goto(`${baseUrl}/m`)
    await reading.getByTestId('my-reports-link').tap()
    await reading.waitForURL(`${baseUrl}/m/reports`)
    await reading.getByTestId('report-list').waitFor()
    expect(await reading.getByTestId('report-item').filter({ hasText: marker }).count()).toBe(0)

    await report(reporting, marker)
    await expect.poll(() => waitingCount(reporting), { timeout: 15_000 }).toBe('0')
    // "正在发送" is gone once everything went through.
    expect(await reporting.getByTestId('queued-notice').textContent()).toBe('已发送到服务器。')

    // The second phone hears of it through the live connection, without reloading.
    const item = reading.getByTestId('report-item').filter({ hasText: marker })
    await item.waitFor({ timeout: 15_000 })
    expect(await reading.getByTestId('report-item').first().textContent()).toContain(marker)
    expect(await item.getByTestId('report-status').textContent()).toBe('待登记')

    // A supervisor registers it: the state changes on the second phone, live.
    const [filed] = await worker.incidentsMatching(marker)
    await supervisor.post(`/api/incidents/${filed!.id}/register`, {})
    await expect.poll(() => item.getByTestId('report-status').textContent(), { timeout: 15_000 }).toBe('已登记')
    expect(await reading.locator('main').innerText()).not.toMatch(DENIED)

    // A tap opens the case.
    await item.tap()
    await reading.waitForURL(`${baseUrl}/m/tasks/${filed!.id}`)
    expect(await reading.getByTestId('task-status').textContent()).toBe('已登记')
    await first.close()
    await second.close()
  })

  it('shows the rework count and the supervisor’s reason on a task sent back', async () => {
    const marker = `返工${Date.now()}`
    const reason = '井盖仍未盖严，请重新处理并拍照'
    const task = await supervisor.report({ lng: where.lng, lat: where.lat, categoryCode: 'C0102', description: marker })
    await supervisor.post(`/api/incidents/${task.id}/register`, {})
    await supervisor.post(`/api/incidents/${task.id}/dispatch`, { userId: worker.user.id })
    await worker.post(`/api/incidents/${task.id}/accept`, {})
    await worker.post(`/api/incidents/${task.id}/feedback`, { note: '已处理' })
    await supervisor.post(`/api/incidents/${task.id}/verify`, { passed: false, note: reason })

    const context = await phone()
    const page = await firstVisit(context)
    const item = page.getByTestId('task-item').filter({ hasText: marker })
    await item.waitFor({ timeout: 15_000 })
    expect(await item.textContent()).toContain('返工 第 1 次')
    await item.tap()
    await page.waitForURL(`${baseUrl}/m/tasks/${task.id}`)
    const rework = page.getByTestId('task-rework')
    await rework.waitFor()
    expect(await rework.textContent()).toBe(`返工 第 1 次核查未通过：${reason}`)
    expect(await page.getByTestId('task-status').textContent()).toBe('待接收')
    await context.close()
  })

  it('starts and queues a report offline right after the first visit, and sends it once when online', async () => {
    const marker = `首访离线${Date.now()}`
    const context = await phone()
    let page = await firstVisit(context)

    await context.setOffline(true)
    // A reload with no network: the service worker serves the app and every /m page's code from its precache.
    await page.reload()
    await page.getByTestId('offline-banner').waitFor()
    await report(page, marker)
    expect(await page.getByTestId('queued-notice').textContent()).toBe('已保存在手机上，联网后自动发送。')
    await expect.poll(() => waitingCount(page)).toBe('1')
    await page.getByTestId('outbox-summary').tap()
    await page.waitForURL(`${baseUrl}/m/outbox`)
    // The outbox page reads IndexedDB after its first render: wait for the list rather than read it at once.
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(1)
    expect(await page.locator('main').innerText()).not.toMatch(DENIED)
    expect((await worker.incidentsMatching(marker)).length).toBe(0)

    await context.setOffline(false)
    // Sent: the outbox page (待发送) no longer lists it; 我的上报 does.
    await expect.poll(() => page.getByTestId('outbox-item').count(), { timeout: 30_000 }).toBe(0)
    expect(await page.getByText('手机上没有待发送的内容。').count()).toBe(1)
    await page.getByTestId('outbox-reports-link').tap()
    await page.getByTestId('report-item').filter({ hasText: marker }).waitFor({ timeout: 15_000 })
    page = await context.newPage()
    await page.goto(`${baseUrl}/m`)
    await expect.poll(() => waitingCount(page)).toBe('0')
    expect((await worker.incidentsMatching(marker)).length).toBe(1)
    await context.close()
  })

  it('shows a zh-CN error page with a retry when a page’s code cannot be fetched, and recovers', async () => {
    // No service worker: the worker's chunk comes from the network, which fails it.
    const context = await phone({ serviceWorkers: 'block' })
    const chunk = /\/assets\/worker-pages-[\w-]+\.js$/
    await context.route(chunk, (route) => route.abort('internetdisconnected'))
    const page = await context.newPage()
    await page.goto(`${baseUrl}/m`)
    const error = page.getByTestId('route-error')
    await error.waitFor()
    expect(await error.innerText()).toContain('页面出错了')
    expect(await page.locator('body').innerText()).not.toMatch(DENIED)

    await context.unroute(chunk)
    await page.getByTestId('route-error-retry').tap()
    await page.getByTestId('report-button').waitFor()
    expect(await page.getByTestId('route-error').count()).toBe(0)
    await context.close()
  })
})

import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

const baseUrl = inject('baseUrl')
const PHOTO = path.join(import.meta.dirname, 'fixtures', 'street-scene.jpg')
const WORKER_PHONE = '13800000001'
const WORKER_GRID = '370705002001001'
const SUPERVISOR_PHONE = '13800000002'

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

/** The worker's phone: 390×844, touch, Chinese, GPS granted and standing inside their own unit grid. */
async function phone(): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    permissions: ['geolocation'],
    geolocation: { latitude: where.lat, longitude: where.lng, accuracy: 12 },
  })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  return context
}

/**
 * Opens the worker's home and waits until the service worker controls the page (the app shell is cached). The
 * first test signs in through the login page as a person does; the others reuse the API session's cookie, as sign-in
 * is limited to five attempts per phone a minute and the accounts tests sign this worker in too.
 */
async function workerHome(context: BrowserContext, via: 'login page' | 'session' = 'session'): Promise<Page> {
  const page = await context.newPage()
  if (via === 'login page') await signIn(page, baseUrl, WORKER_PHONE)
  else {
    await context.addCookies(worker.cookies.map((cookie) => ({ ...cookie, url: baseUrl })))
    await page.goto(`${baseUrl}/m`)
  }
  await page.getByTestId('report-button').waitFor()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 })
  return page
}

/** Counts every tap the worker makes, so the test can hold the report flow to its promise of a few taps. */
function tapCounter() {
  let taps = 0
  return {
    tap: async (target: Locator) => {
      taps++
      await target.tap()
    },
    get count() {
      return taps
    },
  }
}

/**
 * The report flow as a worker does it: report button, take a photo, a category group and one of its
 * sub-categories, submit. The description is left empty when `description` is undefined (the category names it).
 */
async function report(
  page: Page,
  taps: ReturnType<typeof tapCounter>,
  description?: string,
  options: { fixedOnTheSpot?: boolean } = {},
): Promise<void> {
  await taps.tap(page.getByTestId('report-button'))
  await page.waitForURL(`${baseUrl}/m/report`)
  const chooser = page.waitForEvent('filechooser')
  await taps.tap(page.getByTestId('photo-camera'))
  await (await chooser).setFiles(PHOTO)
  await page.getByTestId('photo-thumbs').locator('img').first().waitFor()
  await taps.tap(page.getByRole('button', { name: '事件 市容环境', exact: true }))
  await taps.tap(page.getByRole('button', { name: '暴露垃圾', exact: true }))
  if (description !== undefined) await page.getByLabel('问题描述').fill(description)
  if (options.fixedOnTheSpot) {
    const fixed = page.getByLabel(/已现场处置/)
    await taps.tap(fixed)
    expect(await fixed.isChecked()).toBe(true)
  }
  await page.getByTestId('gps-status').filter({ hasText: '精度约' }).waitFor()
  await taps.tap(page.getByTestId('report-submit'))
  await page.waitForURL(`${baseUrl}/m`)
  await page.getByTestId('queued-notice').waitFor()
}

const waitingCount = (page: Page) => page.getByTestId('outbox-waiting-count').getAttribute('data-count')

describe('the grid worker’s phone', () => {
  it('reports an incident with a photo in under 10 taps; the grid shows at once; the server has it with the photo', async () => {
    const context = await phone()
    const page = await workerHome(context, 'login page')
    const taps = tapCounter()

    await taps.tap(page.getByTestId('report-button'))
    await page.waitForURL(`${baseUrl}/m/report`)
    const chooser = page.waitForEvent('filechooser')
    await taps.tap(page.getByTestId('photo-camera'))
    await (await chooser).setFiles(PHOTO)
    await page.getByTestId('photo-thumbs').locator('img').first().waitFor()
    // The grid found at the GPS position, named before submitting; it is the worker's own, so no warning.
    await expect.poll(() => page.getByTestId('grid-found').textContent(), { timeout: 10_000 }).toContain(WORKER_GRID)
    expect(await page.getByTestId('grid-not-mine').count()).toBe(0)
    expect(await page.getByTestId('gps-status').textContent()).toContain('±12 米')
    await taps.tap(page.getByRole('button', { name: '事件 市容环境', exact: true }))
    await taps.tap(page.getByRole('button', { name: '暴露垃圾', exact: true }))
    await taps.tap(page.getByTestId('report-submit'))
    await page.waitForURL(`${baseUrl}/m`)
    await expect.poll(() => waitingCount(page), { timeout: 15_000 }).toBe('0')

    expect(taps.count).toBeLessThan(10)
    const [mine] = (
      await worker.get<{ items: { id: string; description: string; category: { code: string } }[] }>(
        '/api/incidents?limit=1',
      )
    ).items
    expect(mine).toMatchObject({ description: '暴露垃圾', category: { code: 'E0101' } })
    const detail = await worker.get<{
      photos: { kind: string }[]
      grids: { code: string }[]
      accuracyM: number | null
      reporter: { id: number }
    }>(`/api/incidents/${mine!.id}`)
    expect(detail.photos).toEqual([expect.objectContaining({ kind: 'before' })])
    expect(detail.grids.map((g) => g.code)).toContain(WORKER_GRID)
    expect(detail.accuracyM).toBe(12)
    expect(detail.reporter.id).toBe(worker.user.id)
    // Downscaled on the phone: the stored photo's long side is at most 1,600 px (the fixture is 2,400).
    const stored = await worker.photoSize(detail)
    expect(Math.max(stored.width, stored.height)).toBeLessThanOrEqual(1600)
    await context.close()
  })

  it('warns when the position is outside the worker’s own grid, and takes a position placed by hand', async () => {
    const elsewhere = await pointInGrid(worker, WORKER_GRID, { sibling: true })
    const context = await phone()
    const page = await workerHome(context)
    await page.getByTestId('report-button').tap()
    await expect.poll(() => page.getByTestId('grid-found').textContent(), { timeout: 10_000 }).toContain(WORKER_GRID)
    expect(await page.getByTestId('grid-not-mine').count()).toBe(0)

    // The worker walks into the neighbouring grid: the grid found follows, with the warning.
    await context.setGeolocation({ latitude: elsewhere.lat, longitude: elsewhere.lng, accuracy: 30 })
    await expect.poll(() => page.getByTestId('grid-found').textContent(), { timeout: 10_000 }).toContain(elsewhere.code)
    await page.getByTestId('grid-not-mine').waitFor()
    expect(await page.getByTestId('gps-status').textContent()).toContain('±30 米')

    // The category by search: a few characters find the sub-category across both levels.
    await page.getByRole('searchbox').fill('暴露')
    await page.getByRole('button', { name: /暴露垃圾/ }).tap()
    expect(await page.getByTestId('category-chosen').textContent()).toContain('市容环境 › 暴露垃圾')

    // A tap on the map puts the pin there: the position is the worker's now, no longer the GPS's.
    await page.getByTestId('pin-map').tap({ position: { x: 280, y: 170 } })
    await page.getByTestId('gps-status').filter({ hasText: '已手动调整位置' }).waitFor()
    await context.close()
  })

  it('keeps the form still when the first GPS fix arrives: the fixed-on-the-spot box stays under the finger', async () => {
    const context = await phone()
    // The phone's fixes are held back until the test lets the first one through, as a slow GPS does.
    await context.addInitScript(() => {
      const geolocation = navigator.geolocation
      const watch = geolocation.watchPosition.bind(geolocation)
      const held: (() => void)[] = []
      let released = false
      Object.assign(window, { releaseFix: () => ((released = true), held.splice(0).forEach((deliver) => deliver())) })
      geolocation.watchPosition = (found, failed, options) =>
        watch((fix) => (released ? found(fix) : held.push(() => found(fix))), failed, options)
    })
    const page = await workerHome(context)
    await page.getByTestId('report-button').tap()
    await page.waitForURL(`${baseUrl}/m/report`)
    const fixed = page.getByLabel(/已现场处置/)
    await page.getByTestId('gps-status').filter({ hasText: '正在定位' }).waitFor()
    const before = (await fixed.boundingBox())!.y

    await page.evaluate(() => (window as unknown as { releaseFix: () => void }).releaseFix())
    await page.getByTestId('gps-status').filter({ hasText: '精度约' }).waitFor()
    await page.getByTestId('grid-found').waitFor()
    // The map takes the place kept for it; only the lines naming the grid are new (56 px; the map pushed it 284 px).
    const moved = (await fixed.boundingBox())!.y - before
    expect(moved).toBeLessThan(100)
    await context.close()
  })

  it('keeps three reports made offline through closing the page, and sends each exactly once when online', async () => {
    const marker = `离线${Date.now()}`
    const context = await phone()
    let page = await workerHome(context)

    await context.setOffline(true)
    await page.getByTestId('offline-banner').waitFor()
    const taps = tapCounter()
    for (const n of [1, 2, 3]) await report(page, taps, `${marker}-${n}`)
    await expect.poll(() => waitingCount(page)).toBe('3')

    // Closing the tab and opening the app again, still offline: the service worker serves the app, the
    // outbox is still on the phone.
    await page.close()
    page = await context.newPage()
    await page.goto(`${baseUrl}/m`)
    await page.getByTestId('report-button').waitFor()
    await expect.poll(() => waitingCount(page)).toBe('3')
    expect((await worker.incidentsMatching(marker)).length).toBe(0)

    await context.setOffline(false)
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe('0')
    const filed = await worker.incidentsMatching(marker)
    expect(filed.map((i) => i.description).sort()).toEqual([`${marker}-1`, `${marker}-2`, `${marker}-3`])

    // And nothing comes twice: another round of the outbox (page reload, online) files nothing more.
    await page.reload()
    await page.getByTestId('report-button').waitFor()
    await expect.poll(() => waitingCount(page)).toBe('0')
    expect((await worker.incidentsMatching(marker)).length).toBe(3)
    await context.close()
  })

  it('leaves a report the server failed on in the outbox, and sends it on a later try', async () => {
    const marker = `重试${Date.now()}`
    const context = await phone()
    const page = await workerHome(context)
    let posts = 0
    await page.route(`${baseUrl}/api/incidents`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      posts++
      if (posts === 1) {
        return route.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 500, code: 'INTERNAL', message: '服务器内部错误' }),
        })
      }
      return route.continue()
    })

    await report(page, tapCounter(), marker, { fixedOnTheSpot: true })
    // In-app navigation (no reload): the retry is due about 5 s after the failure.
    await page.getByTestId('outbox-summary').tap()
    await page.waitForURL(`${baseUrl}/m/outbox`)
    const item = page.getByTestId('outbox-item').first()
    await expect.poll(() => item.getAttribute('data-state'), { timeout: 10_000 }).toBe('waiting')
    // In words from the web's catalogue, not the server's code.
    expect(await item.getByTestId('outbox-state').textContent()).toContain('服务器出错')
    expect((await worker.incidentsMatching(marker)).length).toBe(0)

    // The backoff's first retry (about 5 s later) goes through, and the item leaves the outbox (待发送).
    await expect.poll(() => page.getByTestId('outbox-item').count(), { timeout: 30_000 }).toBe(0)
    expect(posts).toBe(2)
    const filed = await worker.incidentsMatching(marker)
    expect(filed.length).toBe(1)
    // Fixed on the spot: the case starts handled, waiting for verification.
    expect(filed[0]).toMatchObject({ status: 'handled' })
    await context.close()
  })

  it('accepts a task dispatched to the worker and reports it back with a photo', async () => {
    const marker = `任务${Date.now()}`
    const task = await dispatchToWorker(marker)

    const context = await phone()
    const page = await workerHome(context)
    // The server fails the first accept: the report-back queued after it must wait for it, not overtake it.
    let accepts = 0
    await page.route(`${baseUrl}/api/incidents/${task.id}/accept`, async (route) => {
      if (++accepts > 1) return route.continue()
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, code: 'UNAVAILABLE', message: '服务暂不可用' }),
      })
    })
    const taps = tapCounter()
    const item = page.getByTestId('task-item').filter({ hasText: marker })
    await item
      .getByTestId('due-countdown')
      .filter({ hasText: /剩余|已超时/ })
      .waitFor()
    await taps.tap(item)
    await page.waitForURL(`${baseUrl}/m/tasks/${task.id}`)
    await taps.tap(page.getByTestId('task-accept'))
    // In progress at once, on the phone's word, while the accept waits in the outbox.
    await expect.poll(() => page.getByTestId('task-status').textContent(), { timeout: 15_000 }).toBe('处理中')

    const chooser = page.waitForEvent('filechooser')
    await taps.tap(page.getByTestId('task-feedback-form').getByTestId('photo-camera'))
    await (await chooser).setFiles(PHOTO)
    await page.getByTestId('task-feedback-form').getByTestId('photo-thumbs').locator('img').first().waitFor()
    await page.getByLabel('处置情况').fill('已清理完毕')
    await taps.tap(page.getByTestId('task-feedback'))
    await page.waitForURL(`${baseUrl}/m`)
    await expect.poll(() => waitingCount(page), { timeout: 30_000 }).toBe('0')
    expect(accepts).toBe(2)
    await page.getByTestId('outbox-summary').tap()
    expect(await page.locator('[data-testid="outbox-item"][data-state="refused"]').count()).toBe(0)

    const detail = await supervisor.get<{
      status: string
      photos: { kind: string }[]
      history: { action: string; actor: { id: number }; note: string | null }[]
    }>(`/api/incidents/${task.id}`)
    expect(detail.status).toBe('handled')
    expect(detail.photos.filter((p) => p.kind === 'after')).toHaveLength(1)
    const byWorker = detail.history.filter((h) => h.actor.id === worker.user.id).map((h) => [h.action, h.note])
    expect(byWorker).toEqual([
      ['accept', null],
      ['feedback', '已清理完毕'],
    ])
    // The task has left the worker's list.
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(0)
    await context.close()
  })

  it('returns a misdirected task with the reason, and it leaves the worker’s list', async () => {
    const marker = `退回${Date.now()}`
    const task = await dispatchToWorker(marker)
    const context = await phone()
    const page = await workerHome(context)
    const item = page.getByTestId('task-item').filter({ hasText: marker })
    await item.tap()
    await page.getByTestId('task-return').tap()
    await page.getByLabel('退回原因').fill('不属于本网格，应派往相邻网格')
    await page.getByRole('button', { name: '退回', exact: true }).tap()
    await page.waitForURL(`${baseUrl}/m`)
    await expect.poll(() => waitingCount(page), { timeout: 15_000 }).toBe('0')
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(0)

    const detail = await supervisor.get<{
      status: string
      assignee: { user: unknown }
      history: { action: string; note: string | null }[]
    }>(`/api/incidents/${task.id}`)
    expect(detail).toMatchObject({ status: 'registered', assignee: { user: null } })
    expect(detail.history.at(-1)).toMatchObject({ action: 'return', note: '不属于本网格，应派往相邻网格' })
    await context.close()
  })
})

/** A case in the worker's grid, reported, registered and dispatched to the worker by the demo supervisor. */
async function dispatchToWorker(description: string): Promise<{ id: string }> {
  const task = await supervisor.report({ lng: where.lng, lat: where.lat, categoryCode: 'C0102', description })
  await supervisor.post(`/api/incidents/${task.id}/register`, {})
  await supervisor.post(`/api/incidents/${task.id}/dispatch`, { userId: worker.user.id })
  return task
}

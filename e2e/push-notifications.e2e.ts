import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'
import { decryptPush, startPushService, subscriptionKeys } from '../apps/api/test/local-push-service.ts'

const baseUrl = inject('baseUrl')
const WORKER_PHONE = '13800000001'
const WORKER_GRID = '370705002001001'
const SUPERVISOR_PHONE = '13800000002'
// The routing engineer's port range (3600-3699): the local push service the server pushes to.
const PUSH_PORT = 3613
const SHOTS = process.env.E2E_SHOTS ?? '/tmp/routing-shots'

let browser: Browser
let worker: ApiSession
let supervisor: ApiSession
let push: Awaited<ReturnType<typeof startPushService>>
let where: { code: string; lng: number; lat: number }

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  push = await startPushService(PUSH_PORT)
  browser = await launchChromium()
  worker = await apiAs(baseUrl, WORKER_PHONE)
  supervisor = await apiAs(baseUrl, SUPERVISOR_PHONE)
  where = await pointInGrid(worker, WORKER_GRID)
})
afterAll(async () => {
  await browser?.close()
  await push?.close()
})

/** The worker's phone on the built app, notifications allowed, its service worker in control of the page. */
async function workerPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  })
  await context.grantPermissions(['notifications'], { origin: baseUrl })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  await context.addCookies(worker.cookies.map((cookie) => ({ ...cookie, url: baseUrl })))
  const page = await context.newPage()
  await page.goto(`${baseUrl}/m`)
  await page.getByTestId('notification-bell').waitFor()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })
  return { context, page }
}

describe('Web Push and the notification bell', () => {
  it('pushes a task dispatched to the worker to its phone, shows it once, and rings the bell live', async () => {
    const { context, page } = await workerPhone()
    // Chromium's own push service is out of reach offline: the phone registers the subscription pushManager would
    // have given it, pointing at the local push service, with keys made here so the test can decrypt what arrives.
    const keys = subscriptionKeys()
    const endpoint = push.endpoint(`worker-${Date.now()}`)
    const status = await page.evaluate(
      async (subscription) => {
        const res = await fetch('/api/notifications/push-subscriptions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(subscription),
        })
        return res.status
      },
      { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } },
    )
    expect(status).toBe(204)

    const task = await supervisor.report({
      lng: where.lng,
      lat: where.lat,
      categoryCode: 'C0102',
      description: '推送测试：井盖缺失',
    })
    await supervisor.post(`/api/incidents/${task.id}/register`, {})
    await supervisor.post(`/api/incidents/${task.id}/dispatch`, { userId: worker.user.id })

    // The bell rings without a reload.
    await expect
      .poll(async () => (await page.getByTestId('notification-unread').textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/^[1-9]/)

    // The Web Push request: VAPID-signed by the server's key, aes128gcm-encrypted to the phone's keys.
    await expect.poll(() => push.received.filter((r) => endpoint.endsWith(r.path)).length, { timeout: 15_000 }).toBe(1)
    const request = push.received.find((r) => endpoint.endsWith(r.path))!
    expect(request.vapid).not.toBeInstanceOf(Error)
    const { publicKey } = await worker.get<{ publicKey: string }>('/api/notifications/push-key')
    expect(request.vapid).toMatchObject({ publicKey })
    expect(request.headers['content-encoding']).toBe('aes128gcm')
    const payload = decryptPush(request.body, keys)
    const notice = JSON.parse(payload) as { id: string; kind: string; title: string; incidentId: string }
    expect(notice).toMatchObject({ kind: 'task.assigned', title: '新任务', incidentId: task.id })

    // The service worker's push handler, given that payload twice (a retried push): one system notification.
    const cdp = await context.newCDPSession(page)
    const registration = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL.startsWith(baseUrl) && !r.isDeleted)
        if (ours) resolve(ours.registrationId)
      })
    })
    await cdp.send('ServiceWorker.enable')
    const registrationId = await registration
    for (let i = 0; i < 2; i++)
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: baseUrl, registrationId, data: payload })
    const shown = await page.evaluate(async (tag) => {
      const reg = await navigator.serviceWorker.ready
      for (let i = 0; i < 50; i++) {
        const found = await reg.getNotifications({ tag })
        if (found.length) return found.map((n) => ({ title: n.title, body: n.body }))
        await new Promise((r) => setTimeout(r, 100))
      }
      return []
    }, `notice-${notice.id}`)
    expect(shown).toHaveLength(1)
    expect(shown[0]!.title).toBe('新任务')

    // The bell's list names the task in Chinese.
    await page.getByTestId('notification-bell').tap()
    const first = page.getByTestId('notification-list').locator('li').first()
    await expect.poll(async () => (await first.textContent()) ?? '').toContain('新任务')
    await page.screenshot({ path: `${SHOTS}/worker-bell.png` })
    await context.close()
  })
})

describe('the routing page', () => {
  it('lets the admin read the rules and preview which rule a place meets, in Chinese', async () => {
    const admin = await apiAs(baseUrl, '13800000006')
    const categories = await admin.get<{ code: string; children: { id: number; code: string }[] }[]>('/api/categories')
    const sub = categories.flatMap((g) => g.children).find((c) => c.code === 'C0102')!
    const departments = await admin.get<{ id: number; code: string }[]>('/api/departments')
    const rules =
      await admin.get<{ id: number; category: { id: number } | null; grid: unknown }[]>('/api/routing/rules')
    if (!rules.some((r) => r.category?.id === sub.id && r.grid === null))
      await admin.post('/api/routing/rules', {
        categoryId: sub.id,
        gridId: null,
        target: 'department',
        departmentId: departments.find((d) => d.code === 'enforcement')!.id,
        autoDispatch: false,
        note: '路灯类统一由综合执法办公室处置',
      })

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    await context.addCookies(admin.cookies.map((cookie) => ({ ...cookie, url: baseUrl })))
    const page = await context.newPage()
    await page.goto(`${baseUrl}/admin/routing`)
    await page.getByTestId('routing-rules').waitFor()
    expect(await page.getByTestId('routing-rules').textContent()).toContain('综合执法办公室')

    const preview = page.getByTestId('rule-preview')
    await preview.locator('select').selectOption('C0102')
    const map = page.locator('.rule-preview .leaflet-container')
    await map.waitFor()
    await page.waitForTimeout(1500)
    const box = (await map.boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect
      .poll(async () => (await preview.textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/命中规则|没有命中|不在本街道/)
    const text = (await page.locator('.routing-page').textContent()) ?? ''
    expect(text).not.toMatch(/grid_worker|department\b|ladder\.|routing\./)
    await page.screenshot({ path: `${SHOTS}/admin-routing.png`, fullPage: true })
    await context.close()
  })
})

import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'
import { clockBeforeBeijingMidnight, DAY_MS } from './beijing-midnight.ts'

const baseUrl = inject('baseUrl')
const WORKER = '13800000001'
const SUPERVISOR = '13800000002'
const STREET_SUPERVISOR = '13800000003'
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

async function newContext(viewport: { width: number; height: number }, mobile = false): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile })
  // No basemap tiles in tests: the grid polygons themselves are the map.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  return context
}

/**
 * The page's open socket.io connections: one a page (the live map, the bell, the worker's duty and task list share
 * it), or every grid event would reach the page twice.
 */
function openLiveSockets(page: Page): () => number {
  const open = new Set<object>()
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return
    open.add(ws)
    ws.on('close', () => open.delete(ws))
  })
  return () => open.size
}

/** A point inside a unit grid, found through the API (the grid's vertices' centre, else a sample that locates there). */
async function pointInGrid(page: Page, code: string): Promise<{ lng: number; lat: number }> {
  const grids = (await (await page.request.get(`${baseUrl}/api/grids?level=3`)).json()) as {
    features: { properties: { code: string }; geometry: { type: string; coordinates: number[][][] | number[][][][] } }[]
  }
  const feature = grids.features.find((f) => f.properties.code === code)!
  const ring =
    feature.geometry.type === 'MultiPolygon'
      ? (feature.geometry.coordinates as number[][][][])[0]![0]!
      : (feature.geometry.coordinates as number[][][])[0]!
  const lngs = ring.map((c) => c[0]!)
  const lats = ring.map((c) => c[1]!)
  const [w, e, s, n] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const candidate = { lng: w + ((e - w) * (i < 5 ? 5 - i : i)) / 10, lat: s + ((n - s) * (j < 5 ? 5 - j : j)) / 10 }
      const res = await page.request.get(`${baseUrl}/api/grids/locate?lng=${candidate.lng}&lat=${candidate.lat}`)
      if (res.ok() && ((await res.json()) as { chain: { code: string }[] }).chain[2]?.code === code) return candidate
    }
  }
  throw new Error(`no point found inside ${code}`)
}

/** Reports as the context's user: a multipart POST /api/incidents, as the phone's report page sends it. */
async function reportFrom(page: Page, at: { lng: number; lat: number }, description: string): Promise<string> {
  const res = await page.request.post(`${baseUrl}/api/incidents`, {
    multipart: {
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description,
      lng: String(at.lng),
      lat: String(at.lat),
      accuracy: '8',
    },
  })
  expect(res.status()).toBe(201)
  return ((await res.json()) as { id: string }).id
}

/** The open incidents the server has for this user, by id → status (what the map shows with its default filters). */
async function serverOpenIncidents(page: Page): Promise<Map<string, string>> {
  const query = ['reported', 'registered', 'dispatched', 'in_progress', 'handled'].map((s) => `status=${s}`).join('&')
  const fc = (await (await page.request.get(`${baseUrl}/api/incidents/geojson?${query}&limit=5000`)).json()) as {
    features: { properties: { id: string; status: string } }[]
  }
  return new Map(fc.features.map((f) => [f.properties.id, f.properties.status]))
}

const queueCount = async (page: Page, section: string) =>
  Number(await page.getByTestId(`queue-${section}`).locator('.queue-count').textContent())

describe('the live command map', () => {
  it('shows a worker’s report within 2 s, dispatches it to that worker, and catches up after going offline', async () => {
    const supervisorContext = await newContext({ width: 1440, height: 900 })
    const supervisor = await supervisorContext.newPage()
    const supervisorSockets = openLiveSockets(supervisor)
    await signIn(supervisor, baseUrl, SUPERVISOR)
    await expect
      .poll(() => supervisor.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('live')
    await expect
      .poll(() => supervisor.getByTestId('incident-count').getAttribute('data-count'), { timeout: 10_000 })
      .not.toBe('0')

    // The worker, on a phone with GPS inside their unit grid, goes on duty in their app (the position reaches the
    // supervisor's map) and reports through the report page.
    const at = await pointInGrid(supervisor, '370705002001001')
    const workerContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      permissions: ['geolocation'],
      geolocation: { latitude: at.lat, longitude: at.lng, accuracy: 8 },
    })
    await workerContext.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const worker = await workerContext.newPage()
    const workerSockets = openLiveSockets(worker)
    await signIn(worker, baseUrl, WORKER)
    await worker.getByTestId('duty-switch').tap()
    await supervisor.locator('[data-testid="worker-marker"]:not([data-stale])').first().waitFor({ timeout: 15_000 })
    // One connection a page, shared: the supervisor's map and bell; the worker's duty, task list and bell.
    await worker.waitForTimeout(1_500)
    expect(supervisorSockets()).toBe(1)
    expect(workerSockets()).toBe(1)

    const description = `端到端：井盖缺失 ${Date.now()}`
    await worker.getByTestId('report-button').tap()
    await worker.getByRole('button', { name: '事件 市容环境', exact: true }).tap()
    await worker.getByRole('button', { name: '暴露垃圾', exact: true }).tap()
    await worker.getByLabel('问题描述').fill(description)
    await worker.getByTestId('gps-status').filter({ hasText: '精度约' }).waitFor()
    const filed = worker.waitForResponse(
      (r) => r.url() === `${baseUrl}/api/incidents` && r.request().method() === 'POST',
    )
    await worker.getByTestId('report-submit').tap()
    const response = await filed
    const reportedAt = Date.now()
    expect(response.status()).toBe(201)
    const id = ((await response.json()) as { id: string }).id
    const marker = supervisor.locator(`[data-testid="incident-marker"][data-incident-id="${id}"]`)
    const entry = supervisor
      .getByTestId('queue-toRegister')
      .locator(`[data-testid="queue-entry"][data-incident-id="${id}"]`)
    await Promise.all([marker.waitFor({ timeout: 2_000 }), entry.waitFor({ timeout: 2_000 })])
    expect(Date.now() - reportedAt).toBeLessThan(2_000)

    // Register, then dispatch to the worker suggested nearest, from the drawer.
    await entry.click()
    const drawer = supervisor.getByTestId('incident-drawer')
    await expect
      .poll(() => drawer.getByTestId('incident-state').getAttribute('data-state'), { timeout: 5_000 })
      .toBe('reported')
    await drawer.getByTestId('action-register').click()
    await drawer.getByTestId('submit-register').click()
    await expect
      .poll(() => drawer.getByTestId('incident-state').getAttribute('data-state'), { timeout: 5_000 })
      .toBe('registered')
    await drawer.getByTestId('action-dispatch').click()
    const nearest = drawer.getByTestId('nearest-workers').getByRole('radio', { name: /王网格/ })
    await nearest.check({ timeout: 5_000 })
    await drawer.getByTestId('submit-dispatch').click()
    await expect
      .poll(() => drawer.getByTestId('incident-state').getAttribute('data-state'), { timeout: 5_000 })
      .toBe('dispatched')
    await expect.poll(() => drawer.getByTestId('incident-assignee').textContent()).toContain('王网格')
    // The open case stays on the map as its own marker, in its new state.
    await expect.poll(() => marker.getAttribute('data-status', { timeout: 500 }), { timeout: 2_000 }).toBe('dispatched')

    // The worker's task list on the phone has it, dispatched to them.
    await worker.goto(`${baseUrl}/m`)
    await worker.getByTestId('task-item').filter({ hasText: description }).waitFor({ timeout: 10_000 })

    // Offline: meanwhile a new report arrives and another case is registered by the street-wide supervisor.
    await supervisorContext.setOffline(true)
    await expect
      .poll(() => supervisor.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('down')
    const missedReport = await reportFrom(worker, at, `端到端：断线期间上报 ${Date.now()}`)
    const streetContext = await newContext({ width: 1280, height: 800 })
    const street = await streetContext.newPage()
    await signIn(street, baseUrl, STREET_SUPERVISOR)
    const toRegister = await reportFrom(worker, at, `端到端：断线期间登记 ${Date.now()}`)
    expect((await street.request.post(`${baseUrl}/api/incidents/${toRegister}/register`, { data: {} })).status()).toBe(
      200,
    )
    await streetContext.close()

    await supervisorContext.setOffline(false)
    await expect
      .poll(() => supervisor.getByTestId('live-status').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('live')
    await supervisor
      .getByTestId('live-status')
      .and(supervisor.locator('.live-status-caughtUp'))
      .waitFor({ timeout: 5_000 })

    // The map matches the server: the same open incidents, the missed report queued, the registered one not.
    const server = await serverOpenIncidents(supervisor)
    await expect
      .poll(() => supervisor.getByTestId('incident-count').getAttribute('data-count'))
      .toBe(String(server.size))
    expect(server.get(missedReport)).toBe('reported')
    expect(server.get(toRegister)).toBe('registered')
    await supervisor
      .getByTestId('queue-toRegister')
      .locator(`[data-incident-id="${missedReport}"]`)
      .waitFor({ timeout: 2_000 })
    expect(await supervisor.getByTestId('queue-toRegister').locator(`[data-incident-id="${toRegister}"]`).count()).toBe(
      0,
    )
    expect(await queueCount(supervisor, 'toRegister')).toBe([...server.values()].filter((s) => s === 'reported').length)
    expect(
      await supervisor.locator(`[data-testid="incident-marker"][data-incident-id="${missedReport}"]`).count(),
    ).toBe(1)

    await workerContext.close()
    await supervisorContext.close()
  })

  it('gives the manager the same map read-only, with today’s figures per community', async () => {
    const context = await newContext({ width: 1440, height: 900 })
    const page = await context.newPage()
    await signIn(page, baseUrl, '13800000005')
    await expect
      .poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('live')
    // All nine communities, with today's figures as GET /api/stats/grids counts them (a report is filed first).
    const workerContext = await newContext({ width: 390, height: 844 }, true)
    const worker = await workerContext.newPage()
    await signIn(worker, baseUrl, WORKER)
    await reportFrom(worker, await pointInGrid(worker, '370705002001001'), `端到端：今日上报 ${Date.now()}`)
    const from = new Date(Math.floor((Date.now() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000)
    const stats = (await (
      await page.request.get(
        `${baseUrl}/api/stats/grids?level=1&from=${from.toISOString()}&to=${new Date(from.getTime() + 86_400_000).toISOString()}`,
      )
    ).json()) as { key: { name: string }; reported: number }[]
    expect(stats.length).toBeGreaterThan(0)
    await page.getByTestId('community-indicators').getByRole('button').click()
    const table = page.getByTestId('community-indicators').locator('tbody tr')
    await expect.poll(() => table.count(), { timeout: 10_000 }).toBe(9)
    for (const row of stats) {
      await expect
        .poll(() => table.filter({ hasText: row.key.name }).locator('td').nth(1).textContent())
        .toBe(String(row.reported))
    }
    expect(stats.reduce((sum, r) => sum + r.reported, 0)).toBeGreaterThan(0)
    expect(await page.getByTestId('queue-panel').count()).toBe(0)
    // Open a case from the map: the drawer shows it, with no step to take.
    const servers = await serverOpenIncidents(page)
    await page.goto(`${baseUrl}/?incident=${[...servers.keys()][0]}`)
    await page.getByTestId('incident-state').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('incident-actions').count()).toBe(0)
    await workerContext.close()
    await context.close()
  })

  it('starts a map filtered to today afresh at Beijing midnight, without a reload', async () => {
    const context = await newContext({ width: 1440, height: 900 })
    const page = await context.newPage()
    const midnight = await clockBeforeBeijingMidnight(page)
    const froms = new Set<string>()
    page.on('request', (request) => {
      const url = new URL(request.url())
      const from = url.searchParams.get('from')
      if (url.pathname.startsWith('/api/incidents') && from) froms.add(from)
    })
    let loads = 0
    await signIn(page, baseUrl, STREET_SUPERVISOR)
    page.on('load', () => loads++)
    await expect
      .poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('live')
    await page.getByLabel('上报时间').selectOption('today')
    await expect.poll(() => [...froms]).toContain(new Date(midnight - DAY_MS).toISOString())

    await page.clock.fastForward(30_000)
    await expect.poll(() => [...froms], { timeout: 5000 }).toContain(new Date(midnight).toISOString())
    expect(await page.getByLabel('上报时间').inputValue()).toBe('today')
    expect(loads).toBe(0)
    await context.close()
  })
})

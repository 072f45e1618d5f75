import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'

const baseUrl = inject('baseUrl')
const WORKER = '13800000001'
const SUPERVISOR = '13800000002'
// The phone records at most one point per 10 s (use-patrol.ts): each move waits past it.
const STEP_MS = 10_600
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** A point inside the unit grid, through the API (a sample of its bounding box that locates there). */
async function pointInGrid(page: Page, code: string): Promise<{ lng: number; lat: number }> {
  const grids = (await (await page.request.get(`${baseUrl}/api/grids?level=3`)).json()) as {
    features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[]
  }
  const feature = grids.features.find((f) => f.properties.code === code)!
  const ring =
    feature.geometry.type === 'MultiPolygon'
      ? (feature.geometry.coordinates as number[][][][])[0]![0]!
      : (feature.geometry.coordinates as number[][][])[0]!
  const lngs = ring.map((c) => c[0]!)
  const lats = ring.map((c) => c[1]!)
  const [w, e, s, n] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  for (let i = 1; i < 10; i++)
    for (let j = 1; j < 10; j++) {
      const candidate = { lng: w + ((e - w) * i) / 10, lat: s + ((n - s) * j) / 10 }
      const res = await page.request.get(`${baseUrl}/api/grids/locate?lng=${candidate.lng}&lat=${candidate.lat}`)
      if (res.ok() && ((await res.json()) as { chain: { code: string }[] }).chain[2]?.code === code) return candidate
    }
  throw new Error(`no point found inside ${code}`)
}

const pendingOf = async (page: Page) => Number(await page.getByTestId('patrol-pending').getAttribute('data-count'))

describe('a patrol', () => {
  it('is walked on a phone through an offline stretch, ended, and replayed by the supervisor with its grids', async () => {
    const workerContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      permissions: ['geolocation'],
    })
    await workerContext.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const worker = await workerContext.newPage()
    // How the track travels: batches over the page's live connection, or POSTs to the points route.
    let overSocket = 0
    let overHttp = 0
    worker.on('websocket', (ws) =>
      ws.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"patrol.points"')) overSocket += 1
      }),
    )
    worker.on('request', (request) => {
      if (request.method() === 'POST' && /\/api\/patrols\/[0-9]+\/points$/.test(request.url())) overHttp += 1
    })
    await signIn(worker, baseUrl, WORKER)
    const start = await pointInGrid(worker, '370705002001001')
    await workerContext.setGeolocation({ latitude: start.lat, longitude: start.lng, accuracy: 8 })
    await worker.getByTestId('patrol-link').tap()
    await worker.waitForURL(/\/m\/patrol$/)
    await worker.getByTestId('patrol-start').tap()
    await worker.getByTestId('patrol-active').waitFor()
    await expect.poll(() => worker.getByTestId('patrol-points').textContent(), { timeout: 15_000 }).toBe('1')
    const sentBefore = { overSocket, overHttp }

    // East ~50 m each step (5 m/s): two steps online, two offline (kept on the phone), one after coming back.
    const at = (step: number) => ({ latitude: start.lat, longitude: start.lng + step * 0.00055, accuracy: 8 })
    for (const step of [1, 2]) {
      await worker.waitForTimeout(STEP_MS)
      await workerContext.setGeolocation(at(step))
    }
    await expect.poll(() => worker.getByTestId('patrol-points').textContent(), { timeout: 15_000 }).toBe('3')
    // Online with the live connection up, the points went over it, not as HTTP requests (the first one may have
    // gone before the connection was).
    expect(overSocket).toBeGreaterThan(sentBefore.overSocket)
    expect(overHttp).toBe(sentBefore.overHttp)
    await workerContext.setOffline(true)
    for (const step of [3, 4]) {
      await worker.waitForTimeout(STEP_MS)
      await workerContext.setGeolocation(at(step))
    }
    await expect.poll(() => pendingOf(worker), { timeout: 10_000 }).toBe(2)
    await worker.getByTestId('patrol-offline').waitFor()
    await worker.screenshot({ path: '/tmp/patrol-e2e-offline.png' })
    await workerContext.setOffline(false)
    await expect.poll(() => pendingOf(worker), { timeout: 15_000 }).toBe(0)
    await worker.waitForTimeout(STEP_MS)
    await workerContext.setGeolocation(at(5))
    await expect.poll(() => worker.getByTestId('patrol-points').textContent(), { timeout: 15_000 }).toBe('6')
    await worker.getByTestId('patrol-end').tap()
    await worker.getByTestId('patrol-finished').waitFor()
    await worker.screenshot({ path: '/tmp/patrol-e2e-finished.png' })

    // The server kept all six points in time order.
    const mine = (await (await worker.request.get(`${baseUrl}/api/patrols?limit=1`)).json()) as {
      items: { id: string; pointCount: number; endedAt: string | null }[]
    }
    const patrol = mine.items[0]!
    expect(patrol).toMatchObject({ pointCount: 6 })
    expect(patrol.endedAt).not.toBeNull()
    const detail = (await (await worker.request.get(`${baseUrl}/api/patrols/${patrol.id}`)).json()) as {
      points: { at: string; lng: number }[]
      grids: { code: string; name: string }[]
    }
    const times = detail.points.map((p) => Date.parse(p.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(detail.points.map((p) => p.lng)).toEqual([...detail.points.map((p) => p.lng)].sort((a, b) => a - b))
    expect(detail.grids.length).toBeGreaterThan(1)

    // The supervisor finds the patrol among the day's, replays it and sees the grids it covered.
    const supervisorContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    await supervisorContext.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const supervisor = await supervisorContext.newPage()
    await signIn(supervisor, baseUrl, SUPERVISOR)
    await supervisor.goto(`${baseUrl}/patrols`)
    await supervisor.locator(`[data-testid="patrol-row"][data-patrol-id="${patrol.id}"]`).click()
    const replay = supervisor.getByTestId('patrol-replay')
    await replay.getByTestId('replay-grids').waitFor()
    const shown = await replay
      .locator('[data-grid-code]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-grid-code')))
    expect(shown.sort()).toEqual(detail.grids.map((g) => g.code).sort())
    await expect.poll(() => replay.textContent()).toContain(detail.grids[0]!.name)
    const slider = replay.getByTestId('replay-slider')
    const [min, max] = await Promise.all([slider.getAttribute('min'), slider.getAttribute('max')])
    expect(Number(max) - Number(min)).toBe(times.at(-1)! - times[0]!)
    // Back to the start of the walk: the time shown follows the slider.
    const before = await replay.getByTestId('replay-time').textContent()
    await slider.fill(String(min))
    await expect.poll(() => replay.getByTestId('replay-time').textContent()).not.toBe(before)
    await supervisor.screenshot({ path: '/tmp/patrol-e2e-replay.png' })
    const body = await supervisor.locator('body').innerText()
    expect(body).not.toMatch(/[A-Z_]{6,}/)

    await supervisorContext.close()
    await workerContext.close()
  }, 180_000)
})

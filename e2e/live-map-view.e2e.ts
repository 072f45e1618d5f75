import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

// The command map's view (issue 15, item 3): framed to the user's scope, a legend for every state, grid names that
// never overlap, cases at one spot apart at the highest zoom, and a filter panel that fits in English.

const baseUrl = inject('baseUrl')
const SUPERVISOR_PHONE = '13800000002'
const STREET_SUPERVISOR_PHONE = '13800000003'

let browser: Browser
const sessions = new Map<string, ApiSession>()

beforeAll(async () => {
  browser = await launchChromium()
  for (const phone of [SUPERVISOR_PHONE, STREET_SUPERVISOR_PHONE, '13800000001'])
    sessions.set(phone, await apiAs(baseUrl, phone))
})
afterAll(async () => {
  await browser?.close()
})

async function mapAs(
  phone: string,
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale ?? 'zh-CN',
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
  })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  if (options.locale === 'en') await context.addInitScript(() => localStorage.setItem('wangge.language', 'en'))
  await context.addCookies(
    sessions.get(phone)!.cookies.map((c) => ({ ...c, domain: new URL(baseUrl).hostname, path: '/' })),
  )
  const page = await context.newPage()
  return { context, page }
}

interface LabelBox {
  text: string
  left: number
  right: number
  top: number
  bottom: number
}

const labelBoxes = (page: Page): Promise<LabelBox[]> =>
  page.getByTestId('grid-label').evaluateAll((labels) =>
    labels.map((label) => {
      const { left, right, top, bottom } = label.getBoundingClientRect()
      return { text: label.textContent ?? '', left, right, top, bottom }
    }),
  )

describe('the command map’s view', () => {
  it('opens on the community supervisor’s community, names its areas without overlap and explains every mark', async () => {
    const { context, page } = await mapAs(SUPERVISOR_PHONE)
    await page.goto(`${baseUrl}/`)
    // Framed on the one community: the view is close enough for areas (片区), whose names are drawn on them.
    await page
      .getByTestId('grid-label')
      .filter({ hasText: /^虞河社区第.片区$/ })
      .first()
      .waitFor({ timeout: 15_000 })
    await expect.poll(() => page.locator('.map-status').innerText()).toMatch(/片区/)
    const boxes = await labelBoxes(page)
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top
        expect(apart, `${a.text} overlaps ${b.text}`).toBe(true)
      }
    }
    const legend = await page.getByTestId('map-legend').innerText()
    for (const state of ['待登记', '已登记', '已派遣', '处理中', '待核查', '已结案', '已驳回', '已超期', '在岗网格员'])
      expect(legend).toContain(state)
    await context.close()
  })

  it('opens on the whole street for a street-wide supervisor, with community names', async () => {
    const { context, page } = await mapAs(STREET_SUPERVISOR_PHONE)
    await page.goto(`${baseUrl}/`)
    await expect.poll(() => page.locator('.map-status').innerText(), { timeout: 15_000 }).toMatch(/社区/)
    await page
      .getByTestId('grid-label')
      .filter({ hasText: /^虞河社区$/ })
      .waitFor({ timeout: 15_000 })
    expect((await labelBoxes(page)).length).toBeGreaterThanOrEqual(5)
    await context.close()
  })

  it('shows two cases reported at one spot as two markers at the highest zoom, never one cluster', async () => {
    const supervisor = sessions.get(SUPERVISOR_PHONE)!
    const where = await pointInGrid(sessions.get('13800000001')!, '370705002001001')
    const ids: string[] = []
    for (const description of ['井盖缺失，同一处一', '井盖缺失，同一处二']) {
      const { id } = await supervisor.report({ lng: where.lng, lat: where.lat, categoryCode: 'C0102', description })
      await supervisor.post(`/api/incidents/${id}/register`, {})
      ids.push(id)
    }
    const { context, page } = await mapAs(SUPERVISOR_PHONE)
    // The open case is drawn on its own: zoom in beside it until the map can zoom no further.
    await page.goto(`${baseUrl}/?incident=${ids[0]}`)
    const first = page.locator(`[data-testid="incident-marker"][data-incident-id="${ids[0]}"]`)
    await first.waitFor({ timeout: 15_000 })
    const zoomIn = page.locator('.leaflet-control-zoom-in')
    for (let i = 0; i < 10 && !(await zoomIn.getAttribute('class'))?.includes('leaflet-disabled'); i++) {
      // Each zoom redraws the markers: wait for the case's new marker before reading where it is.
      await first.waitFor({ timeout: 15_000 })
      const box = await first.boundingBox()
      if (!box) continue
      // Beside the marker, on the bare map: a double click that lands on another case's marker or a cluster opens
      // that case or zooms to it, and this case's marker may then be gone (a CI run waited 15 s for it).
      const spot = await page.evaluate(
        ([x, y]) =>
          [
            [30, 0],
            [-30, 0],
            [0, 30],
            [0, -30],
            [40, 40],
          ]
            .map(([dx, dy]) => [x! + dx!, y! + dy!] as const)
            .find(([px, py]) => {
              const hit = document.elementFromPoint(px, py)
              return hit?.closest('.leaflet-container') && !hit.closest('.leaflet-marker-icon, .leaflet-control')
            }) ?? null,
        [box.x + box.width / 2, box.y + box.height / 2],
      )
      if (!spot) continue
      await page.mouse.dblclick(spot[0], spot[1])
      await page.waitForTimeout(600)
    }
    await first.waitFor({ timeout: 15_000 })
    expect(await zoomIn.getAttribute('class')).toContain('leaflet-disabled')
    const second = page.locator(`[data-testid="incident-marker"][data-incident-id="${ids[1]}"]`)
    await second.waitFor()
    expect(await page.getByTestId('incident-cluster').count()).toBe(0)
    // Read until the markers stand still: just after the last zoom they may still be moving apart (CI once read
    // 15.6 px between them).
    await expect
      .poll(
        async () => {
          const [a, b] = [await first.boundingBox(), await second.boundingBox()]
          return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(18)
    await context.close()
  })

  it('keeps the filter panel inside its column in English', async () => {
    for (const [width, height] of [
      [1280, 800],
      [1440, 900],
    ] as const) {
      const { context, page } = await mapAs(SUPERVISOR_PHONE, { locale: 'en', width, height })
      await page.goto(`${baseUrl}/`)
      await page.getByTestId('live-filters').getByText('Category').waitFor({ timeout: 15_000 })
      const [scroll, client] = await page
        .locator('.live-panel')
        .evaluate((panel) => [panel.scrollWidth, panel.clientWidth])
      expect(scroll, `${width}×${height}`).toBeLessThanOrEqual(client!)
      await context.close()
    }
  })
})

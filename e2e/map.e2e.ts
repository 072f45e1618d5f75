import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'

const baseUrl = inject('baseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** Pixels the grid tiles have painted: grid cells are drawn on canvas tiles, not as DOM nodes. */
const paintedPixels = () => {
  let painted = 0
  for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('.leaflet-gridCells-pane canvas'))) {
    if (canvas.width === 0) continue
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++
  }
  return painted
}

describe('the grid map', () => {
  it('draws the grid polygons, and a click shows the grid’s code', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    // No basemap tiles in tests: the grid polygons themselves are the map.
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const page = await context.newPage()
    // Long enough for a sign-in that waits out the per-phone login limit (other files sign the manager in too).
    const gridResponse = page.waitForResponse((r) => r.url().includes('/api/grids/tiles/') && r.ok(), {
      timeout: 120_000,
    })
    // The grid API needs a session; the manager's home is the whole street's map.
    await signIn(page, baseUrl, '13800000005')
    await gridResponse
    await expect.poll(() => page.evaluate(paintedPixels), { timeout: 10_000 }).toBeGreaterThan(10_000)

    // page.request shares the context's cookies, so it asks as the signed-in manager.
    const communities = (await (await page.request.get(`${baseUrl}/api/grids?level=1`)).json()) as {
      features: { properties: { code: string } }[]
    }
    const communityCodes = communities.features.map((f) => f.properties.code)
    const map = (await page.locator('.leaflet-container').boundingBox())!
    await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2)
    const panel = page.getByTestId('grid-panel')
    await panel.waitFor({ state: 'visible', timeout: 5_000 })
    const code = (await page.getByTestId('grid-code').textContent())?.trim() ?? ''
    expect(code).toMatch(/^370705002\d{3}/)
    // At the opening zoom the map shows communities, so the clicked grid is one of the nine.
    expect(communityCodes).toContain(code)
    await context.close()
  })
})

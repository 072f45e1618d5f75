import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
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

/**
 * The grid tiles on the page: their z/x/y (data-tile), where they are on screen, how many pixels they paint, and
 * whether Leaflet counts them loaded (it marks a tile once its data has arrived and been painted).
 */
const gridTiles = () =>
  Array.from(document.querySelectorAll<HTMLCanvasElement>('.leaflet-gridCells-pane canvas[data-tile]')).map(
    (canvas) => {
      const rect = canvas.getBoundingClientRect()
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
      let painted = 0
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++
      const [z, x, y] = canvas.dataset.tile!.split('/').map(Number) as [number, number, number]
      const loaded = canvas.classList.contains('leaflet-tile-loaded')
      return { z, x, y, left: rect.left, top: rect.top, width: rect.width, painted, loaded }
    },
  )

type Tile = ReturnType<typeof gridTiles>[number]

/**
 * Waits for the map to settle — no tile in flight, and no zoom animation under way (every tile at its own size:
 * mid-animation they are scaled, and Leaflet drops a zoom click made then) — and returns the current zoom's tiles.
 */
async function settledTiles(page: Page, z?: number): Promise<Tile[]> {
  let tiles: Tile[] = []
  await expect
    .poll(
      async () => {
        const busy = await page.locator('.map-status [role="status"]').getAttribute('aria-busy')
        tiles = await page.evaluate(gridTiles)
        const zoom = z ?? Math.max(...tiles.map((t) => t.z))
        tiles = tiles.filter((t) => t.z === zoom)
        // Every tile loaded as well as the status line not busy: right after a zoom the new tiles are on the page,
        // still blank, before the status line has re-rendered as busy (a city's cold tiles failed the test so).
        return busy === 'false' && tiles.length > 0 && tiles.every((t) => t.loaded && Math.abs(t.width - 256) < 0.5)
      },
      { timeout: 20_000 },
    )
    .toBe(true)
  return tiles
}

/** The WGS-84 point under a screen pixel, from the tile under it (Web Mercator, 256 px tiles). */
function lngLatAt(tiles: Tile[], px: number, py: number): { lng: number; lat: number } {
  const tile = tiles.find((t) => px >= t.left && px < t.left + t.width && py >= t.top && py < t.top + t.width)!
  const side = 2 ** tile.z
  const gx = tile.x + (px - tile.left) / tile.width
  const gy = tile.y + (py - tile.top) / tile.width
  const lng = (gx / side) * 360 - 180
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * gy) / side))) * 180) / Math.PI
  return { lng, lat }
}

describe('the grid map from vector tiles', () => {
  it('shows cells at every zoom from the street to a unit grid and back, and a click selects the cell under it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const page = await context.newPage()
    const firstTile = page.waitForResponse((r) => r.url().includes('/api/grids/tiles/') && r.ok(), { timeout: 120_000 })
    await signIn(page, baseUrl, '13800000005')
    await firstTile

    const opening = await settledTiles(page)
    const z0 = opening[0]!.z
    // Four zooms in from the opening, and at least to 16 where unit grids show (a city's manager opens at about 11).
    const top = Math.min(18, Math.max(z0 + 4, 16))
    const zooms = Array.from({ length: top - z0 + 1 }, (_, i) => z0 + i)
    expect(zooms.at(-1)).toBeGreaterThanOrEqual(16)
    const zoomIn = page.locator('.leaflet-control-zoom-in')
    const zoomOut = page.locator('.leaflet-control-zoom-out')
    const path = [...zooms, ...zooms.slice(0, -1).reverse()]
    for (const [i, z] of path.entries()) {
      if (i > 0) await (z > path[i - 1]! ? zoomIn : zoomOut).click()
      const tiles = await settledTiles(page, z)
      expect(tiles.length, `tiles at zoom ${z}`).toBeGreaterThan(0)
      // The street fills the screen at every step: its cells cover a good part of the view.
      const painted = tiles.reduce((sum, t) => sum + t.painted, 0)
      expect(painted, `painted pixels at zoom ${z}`).toBeGreaterThan(50_000)
      await expect.poll(() => page.locator('.map-status').innerText()).toMatch(/\d/)
    }

    // Close in again to unit grids and click off-centre (not on a tile corner): the panel names the cell that the
    // API locates under that very point (a point on a shared edge could go either way; these are not).
    for (const z of zooms.slice(1)) {
      await zoomIn.click()
      await settledTiles(page, z)
    }
    for (const [fx, fy] of [
      [0.43, 0.41],
      [0.61, 0.57],
    ] as const) {
      // Read again each time: the first selection opens the panel beside the map, which narrows it.
      const tiles = await settledTiles(page, zooms.at(-1))
      const map = (await page.locator('.leaflet-container').boundingBox())!
      const px = map.x + map.width * fx
      const py = map.y + map.height * fy
      const { lng, lat } = lngLatAt(tiles, px, py)
      const located = await page.request.get(`${baseUrl}/api/grids/locate?lng=${lng}&lat=${lat}`)
      expect(located.status()).toBe(200)
      const chain = ((await located.json()) as { chain: { code: string }[] }).chain
      await page.mouse.click(px, py)
      await page.getByTestId('grid-panel').waitFor({ state: 'visible', timeout: 5_000 })
      await expect.poll(async () => (await page.getByTestId('grid-code').textContent())?.trim()).toBe(chain[2]!.code)
    }
    await context.close()
  })
})

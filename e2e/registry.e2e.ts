import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

const baseUrl = inject('baseUrl')
const PHOTO = path.join(import.meta.dirname, 'fixtures', 'street-scene.jpg')
const WORKER_GRID = '370705002001001'
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp'

interface HouseDetail {
  house: { id: number; address: string }
  visits: { clientId: string; notes: string; photos: string[] }[]
}

let browser: Browser
let worker: ApiSession
let manager: ApiSession

beforeAll(async () => {
  browser = await launchChromium()
  worker = await apiAs(baseUrl, '13800000001')
  manager = await apiAs(baseUrl, '13800000005')
})
afterAll(async () => {
  await browser?.close()
})

describe('the registry', () => {
  it('a worker on a phone opens a house of its grid, records a visit with a photo offline, and online it is on the server once', async () => {
    const where = await pointInGrid(worker, WORKER_GRID)
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
    await context.addCookies(worker.cookies.map((cookie) => ({ ...cookie, url: baseUrl })))
    const page = await context.newPage()
    await page.goto(`${baseUrl}/m/registry`)
    const firstHouse = page.locator('.registry-house-link').first()
    await firstHouse.waitFor()
    await page.screenshot({ path: `${SHOTS}/registry-phone-list.png` })
    const houseId = Number((await firstHouse.getAttribute('data-testid'))!.replace('house-', ''))
    await firstHouse.tap()
    await page.waitForURL(`${baseUrl}/m/registry/houses/${houseId}`)
    await page.getByRole('button', { name: '走访', exact: true }).tap()

    await context.setOffline(true)
    const marker = `走访离线${Date.now()}`
    await page.getByLabel('走访情况').fill(marker)
    const chooser = page.waitForEvent('filechooser')
    await page.getByTestId('photo-camera').tap()
    await (await chooser).setFiles(PHOTO)
    await page.getByTestId('photo-thumbs').locator('img').first().waitFor()
    await page.screenshot({ path: `${SHOTS}/registry-phone-visit.png` })
    await page.getByRole('button', { name: '保存走访' }).tap()
    await page.waitForURL(`${baseUrl}/m/registry`)
    const visitsWith = async () =>
      (await worker.get<HouseDetail>(`/api/registry/houses/${houseId}`)).visits.filter((v) => v.notes === marker)
    // Still on the phone while offline.
    await page.waitForTimeout(1000)
    expect(await visitsWith()).toHaveLength(0)

    await context.setOffline(false)
    await expect.poll(async () => (await visitsWith()).length, { timeout: 30_000 }).toBe(1)
    // Another round of the outbox (a reload, online) sends nothing more.
    await page.reload()
    await page.locator('.registry-house-link').first().waitFor()
    await page.waitForTimeout(2000)
    const visits = await visitsWith()
    expect(visits).toHaveLength(1)
    expect(visits[0]!.photos).toHaveLength(1)
    await context.close()
  })

  it('a manager sees the community rule met or missed for every community', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    await context.addCookies(manager.cookies.map((cookie) => ({ ...cookie, url: baseUrl })))
    const page = await context.newPage()
    await page.goto(`${baseUrl}/registry`)
    const table = page.getByTestId('community-rule')
    await table.waitFor()
    const rows = table.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(9)
    expect(await table.locator('tbody tr[data-rule="missed"]').count()).toBe(1)
    expect(await table.locator('tbody tr[data-rule="met"]').count()).toBe(8)
    await expect.poll(() => table.locator('tr[data-rule="missed"] td').last().textContent()).toMatch(/%$/)
    expect(await table.locator('tr[data-rule="missed"]').textContent()).toContain('未达标')
    await page.screenshot({ path: `${SHOTS}/registry-desktop.png` })

    // A unit grid picked (the map writes it into the URL) opens its registry beside the map, numbers masked.
    const grid = (
      await manager.get<{ features: { properties: { id: number; code: string } }[] }>('/api/grids?level=3')
    ).features.find((f) => f.properties.code === WORKER_GRID)!.properties.id
    await page.goto(`${baseUrl}/registry?grid=${grid}`)
    const panel = page.getByTestId('registry-grid-panel')
    await panel
      .getByText(/370799\*{8}/)
      .first()
      .waitFor()
    expect(await panel.textContent()).not.toMatch(/370799[0-9]{8}/)
    await page.screenshot({ path: `${SHOTS}/registry-desktop-grid.png` })
    await context.close()
  })
})

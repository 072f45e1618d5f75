import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

const baseUrl = inject('baseUrl')
const SUPERVISOR_PHONE = '13800000002'
const WORKER_PHONE = '13800000001'
const WORKER_GRID = '370705002001001'
const SHOTS = process.env.HOTLINE_SHOTS ?? os.tmpdir()

let browser: Browser
let supervisor: ApiSession
const tag = randomUUID().slice(0, 6).toUpperCase()
const good = [`GD-${tag}-1`, `GD-${tag}-2`]

/** The street's sheet of the day: two good orders, one without a phone, one with a sub-category nobody knows. */
async function sheetFile(): Promise<string> {
  const where = await pointInGrid(await apiAs(baseUrl, WORKER_PHONE), WORKER_GRID)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('工单')
  sheet.addRow(['工单号', '来电人', '联系电话', '来电时间', '诉求内容', '事件小类', '经度', '纬度', '地址'])
  sheet.addRow([
    good[0],
    '孙先生',
    '13912340001',
    '2026-11-20 09:30',
    '小区门口路灯不亮',
    '路灯不亮',
    where.lng,
    where.lat,
    '虞河路 1 号',
  ])
  sheet.addRow([`GD-${tag}-3`, '李女士', '', '2026-11-20 09:40', '楼下垃圾无人清运', 'E0101', where.lng, where.lat])
  sheet.addRow([good[1], '周先生', '0536-8123456', '2026-11-20 10:05', '井盖松动有响声', 'C0101', where.lng, where.lat])
  sheet.addRow([`GD-${tag}-4`, '吴女士', '13912340004', '2026-11-20 10:20', '噪音扰民', 'X9999', where.lng, where.lat])
  const file = path.join(os.tmpdir(), `hotline-${tag}.xlsx`)
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()))
  return file
}

beforeAll(async () => {
  browser = await launchChromium()
  supervisor = await apiAs(baseUrl, SUPERVISOR_PHONE)
})
afterAll(async () => {
  await browser?.close()
})

describe('the supervisor’s 12345 desk', () => {
  it('uploads a sheet, reads the row report, signs an order for and sees its caller on the case page', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const url = new URL(baseUrl)
    await context.addCookies(supervisor.cookies.map((c) => ({ ...c, domain: url.hostname, path: '/' })))
    const page = await context.newPage()
    try {
      await page.goto(`${baseUrl}/incidents`)
      await page.getByRole('navigation').getByRole('link', { name: '12345 工单' }).click()
      await page.waitForURL(`${baseUrl}/hotline`)
      // This month's indicators head the desk.
      await page.getByTestId('hotline-indicators').waitFor()
      expect(await page.getByTestId('hotline-indicators').innerText()).toContain('签收及时率')

      await page.getByTestId('hotline-file').setInputFiles(await sheetFile())
      await page.getByTestId('hotline-upload-submit').click()
      const summary = page.getByTestId('hotline-report-summary')
      await summary.waitFor()
      expect(await summary.textContent()).toBe('共 4 行：受理 2 行（新立案 2 件），拒收 2 行。')
      const refused = page.getByTestId('hotline-refused-row')
      expect(await refused.allInnerTexts()).toEqual([
        '第 3 行\t联系电话\t联系电话不能为空',
        '第 5 行\t事件小类\t未知的事件小类“X9999”',
      ])
      expect(await page.getByTestId('hotline-taken-row').allInnerTexts()).toEqual([
        expect.stringMatching(new RegExp(`^第 2 行\\t${good[0]}\\t.+\\t新立案$`)),
        expect.stringMatching(new RegExp(`^第 4 行\\t${good[1]}\\t.+\\t新立案$`)),
      ])
      await page.screenshot({ path: path.join(SHOTS, 'hotline-upload-report.png'), fullPage: true })

      // The list shows both, the caller masked; the first is signed for from its row.
      const row = page.locator(`[data-testid="hotline-row"][data-order-number="${good[0]}"]`)
      await row.waitFor()
      expect(await row.innerText()).toContain('139****0001')
      expect(await row.innerText()).not.toContain('13912340001')
      await row.getByTestId('hotline-sign').click()
      await expect.poll(() => row.getByTestId('hotline-status').textContent()).toBe('办理中')

      // The case page shows the hotline's facts with the caller whole, for the supervisor.
      await row.getByRole('link').first().click()
      const card = page.getByTestId('hotline-card')
      await card.waitFor()
      expect(await page.getByTestId('hotline-order-number').textContent()).toBe(good[0])
      expect(await page.getByTestId('hotline-caller').textContent()).toBe('孙先生 · 13912340001')
      expect(await card.innerText()).toContain('签收')
      await page.screenshot({ path: path.join(SHOTS, 'hotline-case-page.png'), fullPage: true })
    } finally {
      await context.close()
    }
  })

  it('returns an order with its reason and enters a dissatisfied revisit that sends the case back to rework', async () => {
    const worker = await apiAs(baseUrl, WORKER_PHONE)
    const where = await pointInGrid(worker, WORKER_GRID)
    const file = (orderNumber: string) =>
      supervisor.post<{ order: { id: string; incident: { id: string } } }>('/api/hotline/orders', {
        orderNumber,
        callerName: '郑先生',
        callerPhone: '13912340009',
        calledAt: '2026-11-20T11:00:00+08:00',
        content: '人行道路灯不亮',
        categoryCode: 'C0102',
        lng: where.lng,
        lat: where.lat,
      })
    const toReturn = `GD-${tag}-R`
    await file(toReturn)
    const toRevisit = `GD-${tag}-V`
    const { order } = await file(toRevisit)
    await supervisor.post(`/api/hotline/orders/${order.id}/sign`, {})
    const caseId = order.incident.id
    await supervisor.post(`/api/incidents/${caseId}/register`, {})
    await supervisor.post(`/api/incidents/${caseId}/dispatch`, { userId: worker.user.id })
    await worker.post(`/api/incidents/${caseId}/accept`, {})
    await worker.post(`/api/incidents/${caseId}/feedback`, { note: '已更换灯泡' })
    await supervisor.post(`/api/incidents/${caseId}/verify`, { passed: true })
    await supervisor.post(`/api/hotline/orders/${order.id}/reply`, { result: '已更换灯泡，恢复照明' })

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const url = new URL(baseUrl)
    await context.addCookies(supervisor.cookies.map((c) => ({ ...c, domain: url.hostname, path: '/' })))
    const page = await context.newPage()
    try {
      await page.goto(`${baseUrl}/hotline`)
      const returned = page.locator(`[data-testid="hotline-row"][data-order-number="${toReturn}"]`)
      await returned.getByTestId('hotline-return').click()
      await returned.getByLabel('退单理由').fill('该路段属高新区管辖')
      await returned.getByRole('button', { name: '确认退单' }).click()
      await expect.poll(() => returned.getByTestId('hotline-status').textContent()).toBe('已退单')

      const revisited = page.locator(`[data-testid="hotline-row"][data-order-number="${toRevisit}"]`)
      expect(await revisited.getByTestId('hotline-status').textContent()).toBe('待回访')
      await revisited.getByTestId('hotline-revisit').click()
      await revisited.getByLabel('不满意').check()
      await revisited.getByLabel('回访说明（可选）').fill('晚上仍然不亮')
      await page.screenshot({ path: path.join(SHOTS, 'hotline-revisit-form.png'), fullPage: true })
      await revisited.getByRole('button', { name: '记录回访' }).click()
      await expect.poll(() => revisited.getByTestId('hotline-status').textContent()).toBe('办理中')
      expect(await revisited.innerText()).toContain('重办 1 次')
      const incident = await supervisor.get<{ status: string; reworkCount: number }>(`/api/incidents/${caseId}`)
      expect(incident).toMatchObject({ status: 'dispatched', reworkCount: 1 })
    } finally {
      await context.close()
    }
  })
})

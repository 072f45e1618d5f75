import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { signIn } from './sign-in.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

const baseUrl = inject('baseUrl')
const WORKER_PHONE = '13800000001'
const WORKER_GRID = '370705002001001'
const SUPERVISOR_PHONE = '13800000002'

let browser: Browser
let worker: ApiSession
let supervisor: ApiSession
const tag = randomUUID().slice(0, 8)
type Case = { id: string; caseNumber: string }
let toPass: Case
let toSendBack: Case

/** A report by the worker, registered and dispatched to them by the supervisor, accepted and answered: 待核查. */
async function handledCase(description: string): Promise<Case> {
  const where = await pointInGrid(worker, WORKER_GRID)
  const { id } = await worker.report({ lng: where.lng, lat: where.lat, categoryCode: 'E0101', description })
  await supervisor.post(`/api/incidents/${id}/register`, {})
  await supervisor.post(`/api/incidents/${id}/dispatch`, { userId: worker.user.id })
  await worker.post(`/api/incidents/${id}/accept`, {})
  const answered = await worker.post<Case & { status: string }>(`/api/incidents/${id}/feedback`, { note: '已清理' })
  expect(answered.status).toBe('handled')
  return { id, caseNumber: answered.caseNumber }
}

beforeAll(async () => {
  browser = await launchChromium()
  worker = await apiAs(baseUrl, WORKER_PHONE)
  supervisor = await apiAs(baseUrl, SUPERVISOR_PHONE)
  toPass = await handledCase(`楼道口堆放装修垃圾 ${tag}`)
  toSendBack = await handledCase(`路边有暴露垃圾 ${tag}`)
})
afterAll(async () => {
  await browser?.close()
})

const rowOf = (page: Page, caseNumber: string) =>
  page.locator(`[data-testid="desk-row"][data-case-number="${caseNumber}"]`)

async function verifyOnCasePage(page: Page, passed: boolean, reason?: string) {
  await page.getByTestId('action-verify').click()
  const form = page.getByTestId('form-verify')
  if (!passed) await form.getByLabel('不通过', { exact: false }).check()
  if (reason) await form.locator('textarea[name="note"]').fill(reason)
  await page.getByTestId('submit-verify').click()
}

describe('the supervisor’s case desk', () => {
  it('finds a case by number, passes one 待核查 case, sends one back with a reason, and exports the filtered list', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    })
    const page = await context.newPage()
    await signIn(page, baseUrl, SUPERVISOR_PHONE)

    // The desk is in the navigation, with the 待核查 queue counted.
    await page.getByRole('navigation').getByRole('link', { name: '案件台' }).click()
    await page.waitForURL(`${baseUrl}/incidents`)
    const toVerify = page.getByTestId('count-to_verify')
    await expect.poll(async () => Number(await toVerify.textContent())).toBeGreaterThanOrEqual(2)
    const before = Number(await toVerify.textContent())

    // Found by its number, opened on its page.
    await page.getByTestId('desk-search').fill(toPass.caseNumber)
    await page.getByRole('button', { name: '查找' }).click()
    await rowOf(page, toPass.caseNumber).waitFor()
    expect(await page.getByTestId('desk-row').count()).toBe(1)
    await rowOf(page, toPass.caseNumber).getByRole('link', { name: toPass.caseNumber }).click()
    await page.waitForURL(`${baseUrl}/incidents/${toPass.id}`)
    await expect.poll(() => page.getByTestId('case-number').textContent()).toContain(toPass.caseNumber)
    await page.getByTestId('photos-before').waitFor()
    await page.getByTestId('photos-after').waitFor()

    // Passing closes the case: asked first, then done.
    await verifyOnCasePage(page, true)
    const confirm = page.getByRole('alertdialog')
    await confirm.getByText('核查通过后案件将结案').waitFor()
    await confirm.getByTestId('confirm-yes').click()
    await expect.poll(() => page.getByTestId('incident-state').textContent(), { timeout: 15_000 }).toBe('已结案')
    await page.getByTestId('case-history').getByText('核查通过').waitFor()

    // Back at the desk, in the 待核查 queue: the other case, sent back with a reason.
    await page.getByRole('link', { name: '返回案件台' }).click()
    await page.getByTestId('queue-to_verify').click()
    await expect.poll(async () => Number(await page.getByTestId('count-to_verify').textContent())).toBe(before - 1)
    await page.getByTestId('desk-search').fill(tag)
    await page.getByRole('button', { name: '查找' }).click()
    await rowOf(page, toSendBack.caseNumber).waitFor()
    expect(await rowOf(page, toPass.caseNumber).count()).toBe(0)
    await rowOf(page, toSendBack.caseNumber).getByRole('link').click()
    await page.waitForURL(`${baseUrl}/incidents/${toSendBack.id}`)
    await verifyOnCasePage(page, false, `垃圾仍未清运 ${tag}`)
    await expect.poll(() => page.getByTestId('incident-state').textContent(), { timeout: 15_000 }).toBe('已派遣')
    await expect.poll(() => page.getByTestId('rework-count').textContent()).toBe('1 次')
    await page.getByTestId('case-history').getByText(`垃圾仍未清运 ${tag}`).waitFor()
    expect(
      (await supervisor.get<{ status: string; reworkCount: number }>(`/api/incidents/${toSendBack.id}`)).reworkCount,
    ).toBe(1)

    // The filtered list (the tag) as XLSX: both cases, Chinese headers, states as the desk names them.
    await page.getByRole('link', { name: '返回案件台' }).click()
    await page.getByTestId('desk-search').fill(tag)
    await page.getByRole('button', { name: '查找' }).click()
    await rowOf(page, toSendBack.caseNumber).waitFor()
    await rowOf(page, toPass.caseNumber).waitFor()
    const download = page.waitForEvent('download')
    await page.getByTestId('export-xlsx').click()
    const file = await (await download).path()
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('案件列表')!
    const header = sheet.getRow(1).values as unknown[]
    expect(header).toEqual(expect.arrayContaining(['案件编号', '状态', '问题描述', '返工次数', '返工原因']))
    const rows = (sheet.getSheetValues().filter(Boolean) as unknown[][]).slice(1)
    const byNumber = new Map(rows.map((r) => [r[header.indexOf('案件编号')], r]))
    expect([...byNumber.keys()].sort()).toEqual([toPass.caseNumber, toSendBack.caseNumber].sort())
    expect(byNumber.get(toPass.caseNumber)![header.indexOf('状态')]).toBe('已结案')
    expect(byNumber.get(toSendBack.caseNumber)![header.indexOf('返工原因')]).toBe(`垃圾仍未清运 ${tag}`)

    await context.close()
  })
})

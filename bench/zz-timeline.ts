import { chromium } from 'playwright-core'
const baseUrl = 'http://127.0.0.1:38517'
const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800000001', password: 'Wangge@2026' }) })
const [name, value] = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('wangge.sid='))!.split(/=(.*)/s)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
await context.addCookies([{ name: name!, value: value!, url: baseUrl }])
const page = await context.newPage()
const cdp = await context.newCDPSession(page)
await cdp.send('Network.enable')
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 562.5, downloadThroughput: 180000, uploadThroughput: 84375 })
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
const t0 = Date.now()
const log: string[] = []
const starts = new Map<string, [number, string]>()
cdp.on('Network.requestWillBeSent', (e) => starts.set(e.requestId, [Date.now() - t0, e.request.url.replace(baseUrl, '')]))
cdp.on('Network.loadingFinished', (e) => { const s = starts.get(e.requestId); if (s) log.push(`${String(s[0]).padStart(6)} → ${String(Date.now() - t0).padStart(6)}  ${(e.encodedDataLength / 1024).toFixed(1).padStart(6)} KB  ${s[1]}`) })
await page.goto(`${baseUrl}/m`, { waitUntil: 'commit' })
await page.getByTestId('report-button').waitFor({ timeout: 60000 })
const button = Date.now() - t0
await page.getByTestId('task-count').waitFor({ timeout: 60000 })
const tasks = Date.now() - t0
await page.waitForTimeout(3000)
console.log(log.join('\n'))
console.log({ button, tasks })
await browser.close()

import { execFileSync } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type CDPSession } from 'playwright-core'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { recordTimeline } from './load-timeline.ts'
import { report, summarize } from './stats.ts'

const root = path.resolve(import.meta.dirname, '..')

/**
 * Network profiles (CDP Network.emulateNetworkConditions), each with 4× CPU throttling. The budget is held
 * against Lighthouse's mobile profile — 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the "slow phone" the
 * web's 3 s budgets are written for (Lighthouse called it "Fast 3G" before renaming it "Slow 4G"). DevTools' own
 * "Fast 3G" (562.5 ms) and "Slow 3G" (2 s round trips, 400 kbit/s) are printed beside it: on Slow 3G the
 * round trips alone exceed 3 s, whatever the page weighs.
 */
const PROFILES = {
  'Lighthouse mobile (slow 4G)': {
    latency: 150,
    downloadThroughput: (1638.4 * 1000) / 8,
    uploadThroughput: (750 * 1000) / 8,
    budget: true,
  },
  'DevTools fast 3G': {
    latency: 562.5,
    downloadThroughput: (1.6 * 1000 * 1000 * 0.9) / 8,
    uploadThroughput: (750 * 1000 * 0.9) / 8,
    budget: false,
  },
  'DevTools slow 3G': {
    latency: 2000,
    downloadThroughput: (500 * 1000 * 0.8) / 8,
    uploadThroughput: (500 * 1000 * 0.8) / 8,
    budget: false,
  },
} as const
type Profile = keyof typeof PROFILES

// Leaflet and the map page's code: everything the worker's home loads before these is its shell.
const MAP_CHUNK = /\/assets\/(leaflet-src|grid-map-view)-[^/]+\.js$/
const RUNS = 3

async function workerCookie(baseUrl: string): Promise<{ name: string; value: string }> {
  const phone = DEMO_ACCOUNTS.find((a) => a.role === 'worker')!.phone
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  })
  if (!res.ok) throw new Error(`worker sign-in failed: ${res.status}`)
  const [name, value] = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('wangge.sid='))!
    .split(/=(.*)/s)
  return { name: name!, value: value! }
}

/** JS transferred (compressed, as on the wire) before the first map chunk was requested, in request order. */
function trackScripts(cdp: CDPSession) {
  const scripts = new Map<string, { url: string; started: number; bytes: number }>()
  let mapRequestedAt = Infinity
  cdp.on('Network.requestWillBeSent', (e) => {
    if (MAP_CHUNK.test(e.request.url)) mapRequestedAt = Math.min(mapRequestedAt, e.timestamp)
    if (/\.js(\?|$)/.test(e.request.url))
      scripts.set(e.requestId, { url: e.request.url, started: e.timestamp, bytes: 0 })
  })
  cdp.on('Network.loadingFinished', (e) => {
    const script = scripts.get(e.requestId)
    if (script) script.bytes = e.encodedDataLength
  })
  return {
    beforeMap: () =>
      [...scripts.values()].filter(
        (s) => s.started < mapRequestedAt && !s.url.endsWith('/sw.js') && !s.url.includes('/workbox-'),
      ),
    mapRequested: () => mapRequestedAt !== Infinity,
  }
}

/** One cold first load of /m (fresh profile: no HTTP cache, no service worker) under the profile and 4× CPU. */
async function coldLoad(baseUrl: string, cookie: { name: string; value: string }, profile: Profile, timeline: boolean) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    })
    await context.addCookies([{ ...cookie, url: baseUrl }])
    await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    const { latency, downloadThroughput, uploadThroughput } = PROFILES[profile]
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency,
      downloadThroughput,
      uploadThroughput,
    })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    const scripts = trackScripts(cdp)
    const requests = timeline ? recordTimeline(cdp) : undefined
    if (requests) await cdp.send('Performance.enable')

    const started = Date.now()
    await page.goto(`${baseUrl}/m`, { waitUntil: 'commit' })
    // Usable: the report button is on screen and can be tapped (the report form is in the same chunk, and the
    // outbox takes a report with or without network). The task list, one API round trip later, is printed too.
    await page.getByTestId('report-button').waitFor({ timeout: 60_000 })
    const usableMs = Date.now() - started
    await requests?.mark('report button on screen')
    await page.getByTestId('task-count').waitFor({ timeout: 60_000 })
    const tasksMs = Date.now() - started
    await requests?.mark('task list on screen')
    await page.waitForFunction(() => document.querySelector('.leaflet-container') !== null, undefined, {
      timeout: 60_000,
    })
    if (!scripts.mapRequested())
      throw new Error('the map chunk was never requested: MAP_CHUNK no longer matches the build')
    const before = scripts.beforeMap()
    await requests?.print(`/m under ${profile}`, started)
    return { usableMs, tasksMs, jsBytes: before.reduce((sum, s) => sum + s.bytes, 0), files: before.length }
  } finally {
    await browser.close()
  }
}

/**
 * The figures are of the web app as it is now: build it before the server starts, into a folder of its own that
 * the server is pointed at (WEB_DIST), so the bench never serves, or races, a build someone else is writing into
 * apps/web/dist. Returns that folder; the caller removes it.
 */
export async function buildWebApp(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-bench-web-'))
  execFileSync('pnpm', ['--filter', '@wangge/web', 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: root,
    stdio: 'ignore',
  })
  return outDir
}

export async function benchWorkerPages(baseUrl: string): Promise<boolean[]> {
  const cookie = await workerCookie(baseUrl)
  const results: boolean[] = []
  for (const profile of Object.keys(PROFILES) as Profile[]) {
    // WORKER_PAGES_BUDGET_ONLY=1: only the budget's profile, a third of the time, when iterating on the pages.
    if (process.env.WORKER_PAGES_BUDGET_ONLY && !PROFILES[profile].budget) continue
    const runs = []
    // WORKER_PAGES_TIMELINE=1: every run of the budget's profile prints its requests (load-timeline.ts).
    const timeline = PROFILES[profile].budget && Boolean(process.env.WORKER_PAGES_TIMELINE)
    for (let i = 0; i < RUNS; i++) runs.push(await coldLoad(baseUrl, cookie, profile, timeline))
    const usable = summarize(runs.map((r) => r.usableMs))
    const tasks = summarize(runs.map((r) => r.tasksMs))
    const { jsBytes, files } = runs[0]!
    console.log(
      `worker /m cold first load, ${profile} + 4× CPU (${RUNS} runs): report button p50 ${usable.p50} ms (max ${usable.max}), ` +
        `task list p50 ${tasks.p50} ms; ${files} JS files, ${(jsBytes / 1024).toFixed(1)} KB compressed before the map`,
    )
    if (!PROFILES[profile].budget) continue
    results.push(report('worker pages: compressed JS before the map', jsBytes / 1024, 'KB', 200))
    results.push(report('worker pages: usable on a slow phone (slow 4G, 4× CPU), p50', usable.p50 / 1000, 's', 3))
  }
  return results
}

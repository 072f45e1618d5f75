import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { apiAs, pointInGrid, type ApiSession } from './worker-api.ts'

// Every page of every demo role, in zh-CN: the visible text must hold no raw code, id, transport word, English error
// name or English sentence. Each account signs in once through the API (the login allows five attempts per phone a
// minute, shared with the other files) and its browser context reuses that session's cookie.

const baseUrl = inject('baseUrl')

const DENY: { name: string; pattern: RegExp }[] = [
  { name: 'raw code', pattern: /[A-Z_]{6,}/ },
  { name: 'raw id', pattern: /#\d+/ },
  { name: 'transport word', pattern: /xhr/i },
  { name: 'error name', pattern: /Error/ },
  // Dotted keys such as station.audit or incident.dispatch: an action's name in code, not in words.
  { name: 'technical key', pattern: /\b[a-z]+(?:\.[a-z_]+)+\b/ },
  // Three Latin words in a row, with at most spaces or light punctuation between them.
  { name: 'English sentence', pattern: /\b[A-Za-z]{2,}(?:[ ,.'’-]+[A-Za-z]{2,}){2,}\b/ },
]

interface Role {
  name: string
  phone: string
  phoneSized: boolean
}

const ROLES = {
  worker: { name: 'worker', phone: '13800000001', phoneSized: true },
  supervisor: { name: 'supervisor', phone: '13800000002', phoneSized: false },
  streetSupervisor: { name: 'street-wide supervisor', phone: '13800000003', phoneSized: false },
  handler: { name: 'handler', phone: '13800000004', phoneSized: true },
  manager: { name: 'manager', phone: '13800000005', phoneSized: false },
  admin: { name: 'admin', phone: '13800000006', phoneSized: false },
} as const satisfies Record<string, Role>

let browser: Browser
const sessions = new Map<string, ApiSession>()
/** Cases in each state a page shows differently: a worker's task, a department's case, a supervisor's case. */
let workerTask: string
let departmentCase: string
let stationId: number
let workerGrid: number

beforeAll(async () => {
  browser = await launchChromium()
  for (const role of Object.values(ROLES)) sessions.set(role.phone, await apiAs(baseUrl, role.phone))
  const supervisor = sessions.get(ROLES.supervisor.phone)!
  const worker = sessions.get(ROLES.worker.phone)!
  const where = await pointInGrid(worker, '370705002001001')
  workerGrid = (await worker.get<{ grids: { id: number; code: string }[] }>('/api/auth/me')).grids.find(
    (g) => g.code === '370705002001001',
  )!.id
  const departments = await supervisor.get<{ id: number; code: string }[]>('/api/departments')
  const report = async (description: string) => {
    const incident = await supervisor.report({ lng: where.lng, lat: where.lat, categoryCode: 'C0102', description })
    await supervisor.post(`/api/incidents/${incident.id}/register`, {})
    return incident.id
  }
  workerTask = await report('路灯不亮，巡查发现')
  await supervisor.post(`/api/incidents/${workerTask}/dispatch`, { userId: worker.user.id })
  departmentCase = await report('占道经营，巡查发现')
  await supervisor.post(`/api/incidents/${departmentCase}/dispatch`, {
    departmentId: departments.find((d) => d.code === 'enforcement')!.id,
  })
  const stations = await sessions.get(ROLES.manager.phone)!.get<{ items: { id: number }[] }>('/api/stations?limit=1')
  stationId = stations.items[0]!.id
})
afterAll(async () => {
  await browser?.close()
})

async function contextFor(role: Role): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    ...(role.phoneSized
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
      : { viewport: { width: 1440, height: 900 } }),
    geolocation: { latitude: 35.6, longitude: 116.99 },
    permissions: ['geolocation'],
  })
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort())
  const url = new URL(baseUrl)
  await context.addCookies(sessions.get(role.phone)!.cookies.map((c) => ({ ...c, domain: url.hostname, path: '/' })))
  return context
}

/**
 * Opens a page (or, given null, reads the one open), waits until its requests have settled, and returns what the
 * deny-list finds in its visible text.
 */
async function findingsOn(page: Page, path: string | null): Promise<string[]> {
  if (path !== null) {
    await page.goto(`${baseUrl}${path}`)
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined)
    // Loading notes give way to content; the live connection settles.
    await page.waitForTimeout(800)
    expect(new URL(page.url()).pathname, `${path} redirected`).toBe(path.split('?')[0])
  }
  path ??= new URL(page.url()).pathname
  const text = await page.evaluate(() => {
    // The basemap's credit is the tile provider's required attribution, not the interface's own words.
    const clone = document.body.cloneNode(true) as HTMLElement
    clone.querySelectorAll('.leaflet-control-attribution').forEach((node) => node.remove())
    document.body.append(clone)
    clone.style.position = 'absolute'
    const visible = clone.innerText
    clone.remove()
    return visible
  })
  const found: string[] = []
  for (const { name, pattern } of DENY) {
    const match = text.match(pattern)
    if (match) found.push(`${path}: ${name} «${match[0]}» in «${contextOf(text, match.index ?? 0)}»`)
  }
  return found
}

function contextOf(text: string, at: number): string {
  return text.slice(Math.max(0, at - 30), at + 50).replace(/\s+/g, ' ')
}

async function walk(role: Role, paths: string[]): Promise<void> {
  const context = await contextFor(role)
  const page = await context.newPage()
  const found: string[] = []
  try {
    for (const path of paths) found.push(...(await findingsOn(page, path)))
  } finally {
    await context.close()
  }
  expect(found, `${role.name}`).toEqual([])
}

describe('every page of every role in zh-CN', () => {
  it('the grid worker’s phone pages', async () => {
    await walk(ROLES.worker, ['/m', '/m/report', '/m/reports', '/m/outbox', `/m/tasks/${workerTask}`])
  })

  it('the report page outside the street names the problem in words', async () => {
    const context = await contextFor(ROLES.worker)
    // Far outside every managed grid: the server's OUTSIDE_MANAGED_AREA must reach the page as words, not as itself.
    await context.setGeolocation({ latitude: 39.9, longitude: 116.4 })
    const page = await context.newPage()
    try {
      expect(await findingsOn(page, '/m/report')).toEqual([])
      await page
        .getByText(/不在本街道/)
        .first()
        .waitFor({ timeout: 10_000 })
    } finally {
      await context.close()
    }
  })

  it('the handler’s workbench and a case', async () => {
    await walk(ROLES.handler, ['/department', `/department/cases/${departmentCase}`])
  })

  it('the community supervisor’s map, case desk and case page', async () => {
    await walk(ROLES.supervisor, [
      '/',
      `/?incident=${departmentCase}`,
      `/?grid=${workerGrid}`,
      '/incidents',
      `/incidents/${departmentCase}`,
      `/incidents/${workerTask}`,
    ])
  })

  it('the map with its live connection down says so in words', async () => {
    const context = await contextFor(ROLES.supervisor)
    // Socket.IO's own failure is "xhr poll error": the page must say the connection is down in plain words instead.
    await context.route(/\/socket\.io\//, (route) => route.abort())
    const page = await context.newPage()
    try {
      await page.goto(`${baseUrl}/`)
      await page.locator('[data-testid="live-status"][data-state="down"]').waitFor({ timeout: 20_000 })
      expect(await findingsOn(page, null)).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('the supervisor’s 12345 desk and a hotline case', async () => {
    const supervisor = sessions.get(ROLES.supervisor.phone)!
    const where = await pointInGrid(sessions.get(ROLES.worker.phone)!, '370705002001001')
    const { order } = await supervisor.post<{ order: { incident: { id: string } } }>('/api/hotline/orders', {
      orderNumber: `LW-${Date.now()}`,
      callerName: '孙来电',
      callerPhone: '13912345678',
      calledAt: '2026-11-20T09:30:00+08:00',
      content: '小区门口路灯不亮',
      categoryCode: 'C0102',
      lng: where.lng,
      lat: where.lat,
    })
    await walk(ROLES.supervisor, ['/hotline', `/incidents/${order.incident.id}`])
  })

  it('the street-wide supervisor’s map, case desk and case page', async () => {
    await walk(ROLES.streetSupervisor, ['/', '/incidents', `/incidents/${workerTask}`])
  })

  it('the manager’s map, cases and stations', async () => {
    await walk(ROLES.manager, [
      '/',
      '/incidents',
      `/incidents/${departmentCase}`,
      '/stations',
      `/stations/${stationId}`,
      `/stations/${stationId}/audit`,
    ])
  })

  it('the admin’s users, audit log, map, cases and stations', async () => {
    await walk(ROLES.admin, [
      '/admin/users',
      '/admin/audit',
      '/admin/open311',
      '/',
      '/incidents',
      `/incidents/${workerTask}`,
      '/stations',
      `/stations/${stationId}`,
    ])
  })

  it('the patrol, coverage and assessment pages', async () => {
    await walk(ROLES.worker, ['/m/patrol'])
    await walk(ROLES.supervisor, ['/patrols', '/coverage'])
    await walk(ROLES.manager, ['/patrols', '/coverage', '/assessment'])
    await walk(ROLES.admin, ['/assessment'])
  })

  it('the dashboard and the command screen', async () => {
    await walk(ROLES.supervisor, ['/dashboard', '/dashboard?period=quarter&level=community'])
    await walk(ROLES.manager, ['/dashboard?period=today&level=area', '/dashboard/screen'])
  })

  it('the routing page, and the dashboard with its supervised cases', async () => {
    await walk(ROLES.admin, ['/admin/routing'])
    await walk(ROLES.manager, ['/dashboard'])
  })

  it('the registry pages', async () => {
    await walk(ROLES.worker, ['/m/registry'])
    await walk(ROLES.supervisor, ['/registry'])
    await walk(ROLES.manager, ['/registry'])
  })
})

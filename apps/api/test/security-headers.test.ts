import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import securityHeaders, { inlineScriptHashes, tileOrigin } from '../src/plugins/external/security-headers.ts'
import webApp from '../src/plugins/external/web-app.ts'
import { buildTestApp } from './helper.ts'

const appPromise = buildTestApp()
const closers: (() => Promise<unknown>)[] = [async () => (await appPromise).close()]
afterAll(async () => {
  for (const close of closers) await close()
})

/** The CSP as directive → sources. */
function csp(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string')
  return new Map(
    (header as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  )
}

function expectSecurityHeaders(headers: Record<string, unknown>, tileHost = 'https://tile.openstreetmap.org') {
  const policy = csp(headers['content-security-policy'])
  expect(policy.get('default-src')).toEqual(["'self'"])
  // Ourselves, and our own index.html's inline scripts by their hashes: never 'unsafe-inline'.
  expect(policy.get('script-src')![0]).toBe("'self'")
  for (const source of policy.get('script-src')!.slice(1)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/)
  expect(policy.get('style-src')).toEqual(["'self'"])
  expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  expect(policy.get('img-src')).toContain(tileHost)
  expect(policy.get('connect-src')).toContain("'self'")
  expect(headers['content-security-policy'] as string).not.toMatch(/unsafe-inline|unsafe-eval/)
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
}

const OWN_INLINE_SCRIPT = "if(location.pathname==='/m')console.log('worker')"
const INDEX_HTML = `<!doctype html><title>网格</title><script>${OWN_INLINE_SCRIPT}</script><script type="module" src="/assets/main.js"></script>`

/** The web-app plugin serving a stand-in built SPA, behind the same headers plugin as the app. */
async function webAppWith(options: { tileUrl: string; publicUrl?: string }): Promise<FastifyInstance> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wangge-web-'))
  await writeFile(path.join(root, 'index.html'), INDEX_HTML)
  const app = Fastify()
  await app.register(securityHeaders, {
    tileUrl: options.tileUrl,
    publicUrl: options.publicUrl,
    indexHtml: path.join(root, 'index.html'),
  })
  await app.register(webApp, { root })
  closers.push(
    () => app.close(),
    () => rm(root, { recursive: true, force: true }),
  )
  return app
}

describe('security headers', () => {
  it('come with an API reply, a refusal included, and without HSTS over plain http', async () => {
    const app = await appPromise
    const health = await app.inject('/api/health')
    expectSecurityHeaders(health.headers)
    expect(health.headers['strict-transport-security']).toBeUndefined()
    const refused = await app.inject('/api/auth/me')
    expect(refused.statusCode).toBe(401)
    expectSecurityHeaders(refused.headers)
  })

  it('let only the API docs carry inline styles, and no page inline scripts', async () => {
    const app = await appPromise
    const docs = await app.inject('/api/docs/')
    expect(csp(docs.headers['content-security-policy']).get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(docs.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/)
    const api = await app.inject('/api/health')
    expect(csp(api.headers['content-security-policy']).get('style-src')).toEqual(["'self'"])
  })

  it('come with index.html', async () => {
    const web = await webAppWith({ tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' })
    const index = await web.inject('/')
    expect(index.statusCode).toBe(200)
    expect(index.headers['content-type']).toMatch(/text\/html/)
    expectSecurityHeaders(index.headers)
    // Its own inline script, by hash, and nothing else inline.
    const hash = `'sha256-${createHash('sha256').update(OWN_INLINE_SCRIPT).digest('base64')}'`
    expect(inlineScriptHashes(INDEX_HTML)).toEqual([hash])
    expect(csp(index.headers['content-security-policy']).get('script-src')).toEqual(["'self'", hash])
  })

  it('allow the configured tile host, subdomains and all, and add HSTS and the wss origin for an https PUBLIC_URL', async () => {
    const web = await webAppWith({
      tileUrl: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}',
      publicUrl: 'https://grid.example.cn',
    })
    const index = await web.inject('/')
    expectSecurityHeaders(index.headers, 'https://*.tianditu.gov.cn')
    expect(csp(index.headers['content-security-policy']).get('connect-src')).toContain('wss://grid.example.cn')
    expect(index.headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })

  it('name the tile origin from a URL template', () => {
    expect(tileOrigin('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org')
    expect(tileOrigin('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://*.tile.openstreetmap.org')
    expect(tileOrigin('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080')
  })
})

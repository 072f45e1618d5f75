import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import fp from 'fastify-plugin'
import type { FastifyHelmetOptions } from '@fastify/helmet'

type HelmetOptions = Omit<FastifyHelmetOptions, 'global' | 'enableCSPNonces'>
type Helmet = (
  options: HelmetOptions,
) => (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void
/** helmet itself, the very copy (and version) @fastify/helmet depends on and would call. */
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as Helmet

/** What helmet does to a response under these options: the headers it sets and removes, in order. */
function helmetHeaders(options: HelmetOptions): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = []
  const removed: string[] = []
  const res = {
    setHeader: (name: string, value: string) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  }
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (error) => {
    if (error) throw error
  })
  return { set, removed }
}

export interface SecurityHeadersOptions {
  /** TILE_URL: its host is the one place besides our own from which the map loads images. */
  tileUrl: string
  /** PUBLIC_URL: https turns on HSTS and upgrade-insecure-requests. */
  publicUrl: string | undefined
  /** The built web app's index.html, whose own inline scripts are allowed by their hashes (when it exists). */
  indexHtml?: string | undefined
}

/**
 * The basemap's origin for img-src, from a tile URL template. A placeholder inside the host (`{s}.tile.osm.org`,
 * `t{s}.tianditu.gov.cn`) stands for several subdomains, so that label becomes `*`.
 */
export function tileOrigin(tileUrl: string): string | undefined {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl)
  if (!match) return undefined
  const host = match[2]!
    .split('.')
    .map((label) => (label.includes('{') ? '*' : label))
    .join('.')
  return `${match[1]!.toLowerCase()}://${host.toLowerCase()}`
}

/** CSP hash sources of the inline scripts in an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`,
  )
}

/**
 * The hashes of index.html's inline scripts, read again when the file changes (looked at every few seconds at
 * most), so a web app rebuilt under a running server keeps its hashes right.
 */
function indexHashes(file: string | undefined): () => string[] {
  let hashes: string[] = []
  let seenMtime = -1
  let checkedAt = 0
  return () => {
    const now = Date.now()
    if (!file || now - checkedAt < 5_000) return hashes
    checkedAt = now
    try {
      const mtime = statSync(file).mtimeMs
      if (mtime !== seenMtime) {
        hashes = inlineScriptHashes(readFileSync(file, 'utf8'))
        seenMtime = mtime
      }
    } catch {
      hashes = []
    }
    return hashes
  }
}

/**
 * Security headers on every reply (@fastify/helmet): a Content-Security-Policy with nothing inline — scripts and
 * styles only from our own files, and the one inline script of our own index.html by its hash (the worker pages'
 * preload, which must run before index.js arrives to save its round trip) — images from ourselves, data:/blob: (photo previews) and the basemap; fetches
 * and socket.io's websocket only to ourselves (CSP3's 'self' covers ws:/wss: of our own host; PUBLIC_URL's ws
 * origin is named too, for browsers that predate it); no framing (frame-ancestors 'none' and X-Frame-Options DENY);
 * nosniff; a Referrer-Policy that still sends the origin to the tile server (OpenStreetMap's tile policy asks for
 * one); HSTS only when the public origin is https, as over plain http it would be ignored or, worse, stick.
 */
export default fp<SecurityHeadersOptions>(
  async (fastify, { tileUrl, publicUrl, indexHtml }) => {
    const ownInlineScripts = indexHashes(indexHtml)
    const https = publicUrl?.startsWith('https:') ?? false
    const tiles = tileOrigin(tileUrl)
    const socketOrigin = publicUrl ? publicUrl.replace(/^http/, 'ws').replace(/\/+$/, '') : undefined
    // The headers are computed once, and again only when index.html's hashes change. @fastify/helmet called helmet()
    // on every request, which rebuilt every middleware and re-parsed and re-validated the whole CSP each time
    // (--cpu-prof of 10,500 bench reports: helmetApplyHeaders took 2.1 s of the API's CPU; the API's CPU per report
    // at 300/s went from 0.90–0.99 ms to 0.80–0.85 ms with the headers cached, both servers measured side by side).
    // The headers are helmet's own, byte for byte but a trailing space the function-valued script-src left.
    const options = (inlineScripts: string[]): HelmetOptions => ({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...inlineScripts],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", ...(socketOrigin ? [socketOrigin] : [])],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      strictTransportSecurity: https ? { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false } : false,
      // Photos and the API are read by our own pages only.
      crossOriginResourcePolicy: { policy: 'same-origin' },
    })
    let cached = { hashes: '', headers: helmetHeaders(options([])) }
    fastify.addHook('onRequest', (_request, reply, done) => {
      const hashes = ownInlineScripts()
      const key = hashes.join(' ')
      if (key !== cached.hashes) cached = { hashes: key, headers: helmetHeaders(options(hashes)) }
      for (const name of cached.headers.removed) reply.raw.removeHeader(name)
      for (const [name, value] of cached.headers.set) reply.raw.setHeader(name, value)
      done()
    })
    // Swagger UI (/api/docs) adds a <style> element at run time. A style cannot run code, so its pages alone may
    // carry inline styles; scripts stay as strict there as everywhere.
    fastify.addHook('onSend', async (request, reply) => {
      if (!request.url.startsWith('/api/docs')) return
      const policy = reply.getHeader('content-security-policy')
      if (typeof policy === 'string')
        void reply.header(
          'content-security-policy',
          policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
        )
    })
  },
  { name: 'security-headers' },
)

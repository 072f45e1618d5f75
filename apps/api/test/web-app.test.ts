import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import compression from '../src/plugins/external/compression.ts'
import webApp from '../src/plugins/external/web-app.ts'

// A stand-in build as apps/web/vite.config.ts writes it: hashed files under assets/, each text file with a .br and
// a .gz copy beside it. The copies' contents are marked, so a test can tell the build's copy from a compression
// made on the fly.
const ENTRY = `console.log(${JSON.stringify('网格'.repeat(2000))})`
const BUILD_BROTLI = brotliCompressSync(`${ENTRY}//build's brotli`)
const BUILD_GZIP = gzipSync(`${ENTRY}//build's gzip`)
const INDEX_HTML = '<!doctype html><title>网格</title><script type="module" src="/assets/index-abc123.js"></script>'

let root: string
let app: FastifyInstance

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wangge-web-app-'))
  await mkdir(path.join(root, 'assets'))
  await writeFile(path.join(root, 'index.html'), INDEX_HTML)
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), ENTRY)
  await writeFile(path.join(root, 'assets', 'index-abc123.js.br'), BUILD_BROTLI)
  await writeFile(path.join(root, 'assets', 'index-abc123.js.gz'), BUILD_GZIP)
  await writeFile(path.join(root, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  app = Fastify()
  // As in app.ts: compression on the fly for everything, then the web app.
  await app.register(compression)
  await app.register(webApp, { root })
  app.setNotFoundHandler((_request, reply) => reply.sendFile('index.html'))
})

afterAll(async () => {
  await app?.close()
  await rm(root, { recursive: true, force: true })
})

describe('the built web app', () => {
  it("is sent as the build's own Brotli copy to a browser that takes Brotli, not compressed again", async () => {
    const reply = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } })
    expect(reply.statusCode).toBe(200)
    expect(reply.headers['content-encoding']).toBe('br')
    expect(reply.headers['content-type']).toMatch(/javascript/)
    expect(reply.headers.vary).toMatch(/accept-encoding/i)
    expect(reply.rawPayload.equals(BUILD_BROTLI)).toBe(true)
    expect(brotliDecompressSync(reply.rawPayload).toString()).toBe(`${ENTRY}//build's brotli`)
  })

  it("is sent as the build's gzip copy without Brotli, and as it is to a client that takes neither", async () => {
    const gzip = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.rawPayload.equals(BUILD_GZIP)).toBe(true)
    const plain = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(ENTRY)
  })

  it('keeps hashed assets for a year without asking again, and has everything else asked for every time', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br' } })
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    for (const url of ['/', '/sw.js']) {
      const reply = await app.inject({ url, headers: { 'accept-encoding': 'br' } })
      expect(reply.statusCode, url).toBe(200)
      expect(reply.headers['cache-control'], url).toBe('no-cache')
    }
    // A client-side route is answered with index.html, which must not be kept either: it names the current assets.
    const page = await app.inject({ url: '/m', headers: { accept: 'text/html' } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toBe(INDEX_HTML)
    expect(page.headers['cache-control']).toBe('no-cache')
  })
})

import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress as brotliCallback, constants as zlibConstants, gzip as gzipCallback } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin, type ProxyOptions, type Rolldown } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const brotliCompress = promisify(brotliCallback)
const gzip = promisify(gzipCallback)

// The dev server forwards API and socket traffic so the browser sees one origin, as in production where the
// API serves the built app. Host is left untouched (no changeOrigin) so the API's Origin check still matches.
const apiOrigin = process.env.WANGGE_API_ORIGIN ?? 'http://localhost:3000'
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiOrigin },
  '/socket.io': { target: apiOrigin, ws: true },
}

// The grid worker's pages must open on a street corner without network: the service worker precaches the app
// shell (every built chunk, so the report page and the map open offline too) and answers any navigation with
// index.html. The API is never cached: answers are per user and per moment, and reports go through the outbox.
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script-defer',
  includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
  manifest: {
    name: '网格 Wangge · 网格员',
    short_name: '网格',
    description: '网格员上报事件、处理任务 / grid workers report incidents and work their tasks',
    lang: 'zh-CN',
    start_url: '/m',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: '#0f5e6e',
    background_color: '#f3f5f4',
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
    // Web Push (issue 19): the push and notificationclick handlers, in the service worker generated here.
    importScripts: ['push-handler.js'],
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//],
    cleanupOutdatedCaches: true,
    // A worker opens /m once online and must then be able to report with no network: every route's code has to be
    // in the precache, not fetched on first use. Workbox silently skips files over its size limit (2 MiB by default,
    // raised below so no chunk is ever skipped), and a renamed chunk would slip past a pattern: refuse the build
    // when the worker's chunk is not in the manifest.
    manifestTransforms: [
      (entries) => {
        const urls = new Set(entries.map((entry) => entry.url))
        if (![...urls].some((url) => /^assets\/worker-pages-[\w-]+\.js$/.test(url)))
          throw new Error('the worker-pages chunk is not precached')
        return { manifest: entries, warnings: [] }
      },
    ],
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    // Take over the open page as soon as the shell is cached: the first visit is already usable offline.
    clientsClaim: true,
    skipWaiting: true,
  },
})

/**
 * On `/m` pages, fetches the worker's chunk (and the small chunks and CSS it imports) together with index.js
 * rather than after it: one round trip fewer on a phone network, where a round trip is half a second. Other
 * pages (desktops) do not download it. The file names are only known once the bundle exists, hence a plugin.
 */
function preloadWorkerPages(): Plugin {
  return {
    name: 'wangge:preload-worker-pages',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const bundle = context.bundle ?? {}
        const files = new Set<string>()
        const visit = (fileName: string) => {
          const chunk = bundle[fileName]
          // The entry and its CSS are in the HTML already.
          if (!chunk || chunk.type !== 'chunk' || chunk.isEntry || files.has(fileName)) return
          files.add(fileName)
          for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css)
          chunk.imports.forEach(visit)
        }
        const worker = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.name === 'worker-pages')
        if (!worker)
          throw new Error('worker-pages chunk not found: the worker routes must import src/worker/worker-pages.ts')
        visit(worker.fileName)
        const script =
          `if(/^\\/m(\\/|$)/.test(location.pathname))for(const f of ${JSON.stringify([...files])}){` +
          `const l=document.createElement('link');const css=f.endsWith('.css');l.rel=css?'preload':'modulepreload';` +
          `if(css)l.as='style';l.crossOrigin='';l.href='/'+f;document.head.appendChild(l)}`
        return [{ tag: 'script', children: script, injectTo: 'head-prepend' }]
      },
    },
  }
}

/**
 * Writes a Brotli (quality 11) and a gzip (level 9) copy beside every text file of the build, which the API serves
 * as they are (@fastify/static's preCompressed) instead of compressing each response on the fly at a fast level:
 * the worker's first load is mostly bytes on a 1.6 Mbit/s link, and quality 11 makes the entry chunk about 15 %
 * smaller than the on-the-fly Brotli. Files under 1 KB stay as they are (the API's compression threshold).
 */
function precompress(): Plugin {
  return {
    name: 'wangge:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? 'dist'
      const files = Object.keys(bundle).filter((file) => /\.(js|css|html|svg|json|webmanifest)$/.test(file))
      await Promise.all(
        files.map(async (file) => {
          const content = await readFile(path.join(outDir, file))
          if (content.length < 1024) return
          const brotli = brotliCompress(content, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          })
          await writeFile(path.join(outDir, `${file}.br`), await brotli)
          await writeFile(path.join(outDir, `${file}.gz`), await gzip(content, { level: 9 }))
        }),
      )
    },
  }
}

/**
 * Which module goes into the `app` chunk with the entry: everything the entry imports statically (the bundler
 * would otherwise cut it into several files, some of a few bytes, that every page fetches at once anyway), and
 * the small modules the worker's pages share with other pages (each otherwise a chunk of its own under 2 KB). On a
 * phone network every file is a request with a kilobyte of headers, and they queue on HTTP/1.1's six connections.
 * What only the worker's pages use stays in their chunk, and Leaflet stays out of both (the map loads last).
 */
function appChunk(): (moduleId: string, context: Rolldown.ChunkingContext) => string | null {
  const entry = path.resolve(import.meta.dirname, 'src/main.tsx')
  const workerPages = path.resolve(import.meta.dirname, 'src/worker/worker-pages.ts')
  let app: Set<string> | undefined
  /** The modules `from` imports statically, directly or not, itself included. */
  const reach = (from: string, context: Rolldown.ChunkingContext) => {
    const seen = new Set<string>()
    const queue = [from]
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      if (seen.has(id)) continue
      seen.add(id)
      queue.push(...(context.getModuleInfo(id)?.importedIds ?? []))
    }
    return seen
  }
  return (moduleId, context) => {
    if (!app) {
      app = reach(entry, context)
      const worker = reach(workerPages, context)
      for (const id of worker) {
        const importers = context.getModuleInfo(id)?.importers ?? []
        if (!app.has(id) && importers.some((importer) => !worker.has(importer))) app.add(id)
      }
    }
    return app.has(moduleId) && !/node_modules[\\/](leaflet|react-leaflet|supercluster)[\\/]/.test(moduleId)
      ? 'app'
      : null
  }
}

export default defineConfig({
  plugins: [react(), pwa, preloadWorkerPages(), precompress()],
  server: { proxy },
  preview: { proxy },
  // The workspace packages declare "sideEffects": false, so their unused modules (TypeBox schemas) drop out.
  build: {
    target: 'es2022',
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: appChunk() }] } } },
  },
})

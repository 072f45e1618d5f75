import react from '@vitejs/plugin-react'
import { defineConfig, type ProxyOptions } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

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
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//],
    cleanupOutdatedCaches: true,
    // Take over the open page as soon as the shell is cached: the first visit is already usable offline.
    clientsClaim: true,
    skipWaiting: true,
  },
})

export default defineConfig({
  plugins: [react(), pwa],
  server: { proxy },
  preview: { proxy },
  // The workspace packages declare "sideEffects": false, so their unused modules (TypeBox schemas) drop out.
  build: { target: 'es2022' },
})

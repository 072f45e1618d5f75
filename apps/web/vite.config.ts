import react from '@vitejs/plugin-react'
import { defineConfig, type ProxyOptions } from 'vite'

// The dev server forwards API and socket traffic so the browser sees one origin, as in production where the
// API serves the built app. Host is left untouched (no changeOrigin) so the API's Origin check still matches.
const apiOrigin = process.env.WANGGE_API_ORIGIN ?? 'http://localhost:3000'
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiOrigin },
  '/socket.io': { target: apiOrigin, ws: true },
}

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  // The workspace packages declare "sideEffects": false, so their unused modules (TypeBox schemas) drop out.
  build: { target: 'es2022' },
})

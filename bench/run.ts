import { rm } from 'node:fs/promises'
import { analyzeDatabase, benchDatabaseUrl } from './bench-database.ts'
import { startServer, type BenchServer } from './server-process.ts'
import { benchGridLayer, benchLocate } from './grids.bench.ts'
import { benchReports } from './incidents.bench.ts'
import { benchIncidentList } from './incident-list.bench.ts'
import { benchFanOut, benchFanOutAcrossInstances } from './realtime.bench.ts'
import { benchWorkerPages, buildWebApp } from './worker-pages.bench.ts'
import { benchPatrol } from './patrol.bench.ts'
import { benchEscalation } from './escalation.bench.ts'
import { benchRegistry } from './registry.bench.ts'
import { benchDashboard } from './dashboard.bench.ts'
import { benchCity } from './city.bench.ts'
import { cityDatabaseUrl, prepareCity } from './city-database.ts'
import { prepareDatabase } from '../apps/api/src/db/prepare-database.ts'

// pnpm bench [name ...] — figures against DESIGN.md's budgets, on a real PostGIS. Not a test: it prints, and exits 0
// unless something failed to run; an OVER line is a budget missed. Names pick benches (all when none is given).
type Bench = (databaseUrl: string, server: BenchServer) => Promise<boolean[]>
const benches: Record<string, Bench> = {
  locate: (db, s) => benchLocate(db, s.url, s.cookie),
  'grid-layer': (_db, s) => benchGridLayer(s.url, s.cookie),
  reports: (db, s) => benchReports(db, s.url, s.cookie, s.pid),
  'incident-list': (db, s) => benchIncidentList(db, s.url, s.cookie),
  'live-fan-out': (db, s) => benchFanOut(db, s.url),
  // Starts two API processes of its own on one Redis (realtime.bench.ts); run.ts's server stays idle meanwhile.
  'live-fan-out-2': (db) => benchFanOutAcrossInstances(db),
  'worker-pages': (_db, s) => benchWorkerPages(s.url),
  patrol: (db, s) => benchPatrol(db, s.url, s.pid),
  escalation: (db) => benchEscalation(db),
  registry: (db, s) => benchRegistry(db, s.url),
  dashboard: (db, s) => benchDashboard(db, s.url, s.cookie),
  // Only when named, and alone: its database is a city of 100,000 unit grids and ten million cases (city-database.ts).
  city: (db, s) => benchCity(db, s),
}
const ONLY_WHEN_NAMED = new Set(['city'])

const picked = process.argv.slice(2).filter((a) => a !== '--')
const unknown = picked.filter((name) => !(name in benches))
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`)
  process.exit(2)
}

const city = picked.includes('city')
if (city && picked.length > 1) {
  console.error('bench city runs alone: its database is the city, not the reference street')
  process.exit(2)
}
const databaseUrl = city ? await cityDatabaseUrl() : await benchDatabaseUrl()
// The registry's seed and the server must seal and open with one key (the server inherits this environment).
process.env.DATA_KEY ??= 'wangge-bench-registry-data-key-0123456789'
await prepareDatabase(databaseUrl, { seed: true, dataKey: process.env.DATA_KEY })
if (city) await prepareCity(databaseUrl)
// The city's one-time fill is long and loads the machine; CITY_PREPARE_ONLY=1 stops here, so the measurement can be
// run later, on a quiet machine, against the city already laid.
if (city && process.env.CITY_PREPARE_ONLY === '1') process.exit(0)
await analyzeDatabase(databaseUrl)
const webDist = picked.length === 0 || picked.includes('worker-pages') ? await buildWebApp() : undefined
const server = await startServer(databaseUrl, webDist)
console.log(`wangge bench — ${new Date().toISOString()} — database ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}\n`)
try {
  const results: boolean[] = []
  for (const [name, bench] of Object.entries(benches)) {
    if (picked.includes(name) || (picked.length === 0 && !ONLY_WHEN_NAMED.has(name)))
      results.push(...(await bench(databaseUrl, server)))
  }
  console.log(`\n${results.filter(Boolean).length}/${results.length} figures within budget`)
} finally {
  await server.stop()
  if (webDist) await rm(webDist, { recursive: true, force: true })
}

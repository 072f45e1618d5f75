import { benchDatabaseUrl } from './bench-database.ts'
import { startServer } from './server-process.ts'
import { benchGridLayer, benchLocate } from './grids.bench.ts'
import { benchReports } from './incidents.bench.ts'
import { benchIncidentList } from './incident-list.bench.ts'
import { benchWorkerPages, buildWebApp } from './worker-pages.bench.ts'
import { prepareDatabase } from '../apps/api/src/db/prepare-database.ts'

// pnpm bench — figures against DESIGN.md's budgets, on a real PostGIS. Not a test: it prints, and exits 0
// unless something failed to run; an OVER line is a budget missed.
const databaseUrl = await benchDatabaseUrl()
await prepareDatabase(databaseUrl, { seed: true })
buildWebApp()
const server = await startServer(databaseUrl)
console.log(`wangge bench — ${new Date().toISOString()} — database ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}\n`)
try {
  const results = [
    ...(await benchLocate(databaseUrl, server.url, server.cookie)), ...(await benchGridLayer(server.url, server.cookie)),
    ...(await benchReports(databaseUrl, server.url, server.cookie)),
    ...(await benchIncidentList(databaseUrl, server.url, server.cookie)),
    ...(await benchWorkerPages(server.url)),
  ]
  console.log(`\n${results.filter(Boolean).length}/${results.length} figures within budget`)
} finally {
  await server.stop()
}

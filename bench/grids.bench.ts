import { gzipSync } from 'node:zlib'
import autocannon from 'autocannon'
import { bbox as bboxOf } from '@turf/turf'
import { generateStreet } from '@wangge/seed'
import { createKysely } from '../apps/api/src/db/create-kysely.ts'
import { createGridsRepository } from '../apps/api/src/plugins/app/grids/grids-repository.ts'
import pg from 'pg'
import { report, summarize } from './stats.ts'

/** Random points over the street's bounding box (some fall outside: those are lookups too). */
function randomPoints(n: number): [number, number][] {
  const [w, s, e, nn] = bboxOf(generateStreet())
  let a = 42
  const next = () => {
    a = (a * 1103515245 + 12345) % 2147483648
    return a / 2147483648
  }
  return Array.from({ length: n }, () => [w + next() * (e - w), s + next() * (nn - s)])
}

export async function benchLocate(databaseUrl: string, baseUrl: string, cookie: string): Promise<boolean[]> {
  // The lookup itself, as the incident service will call it: repository → PostGIS, one at a time.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  const db = createKysely(pool)
  const repo = createGridsRepository(db, pool)
  const points = randomPoints(5000)
  for (const [lng, lat] of points.slice(0, 200)) await repo.chainAt(lng, lat) // warm the cache
  const samples: number[] = []
  for (const [lng, lat] of points) {
    const t = process.hrtime.bigint()
    await repo.chainAt(lng, lat)
    samples.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  await db.destroy()
  const s = summarize(samples)
  console.log(
    `locate (repository, ${s.n} points): p50 ${s.p50.toFixed(3)} ms, p99 ${s.p99.toFixed(3)} ms, max ${s.max.toFixed(3)} ms`,
  )
  const results = [report('point → grid chain lookup, p99 (repository)', s.p99, 'ms', 2)]

  // Over HTTP under load: GET /api/grids/locate with random points, 50 connections, 10 s.
  const requests = randomPoints(2000).map(([lng, lat]) => ({
    method: 'GET' as const,
    path: `/api/grids/locate?lng=${lng}&lat=${lat}`,
  }))
  const http = await autocannon({ url: baseUrl, connections: 50, duration: 10, requests, headers: { cookie } })
  console.log(
    `locate over HTTP: ${http.requests.average.toFixed(0)} req/s, latency p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms, 2xx ${http['2xx']}, non-2xx ${http.non2xx} (422 outside the street), errors ${http.errors}`,
  )
  return results
}

async function timedLayer(baseUrl: string, cookie: string, query: string, runs = 40) {
  const times: number[] = []
  let raw = 0
  let gz = 0
  let features = 0
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    const res = await fetch(`${baseUrl}/api/grids?${query}`, { headers: { 'accept-encoding': 'identity', cookie } })
    const body = await res.text()
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
    raw = body.length
    gz = gzipSync(body).length
    features = (JSON.parse(body) as { features: unknown[] }).features.length
  }
  return { ...summarize(times.slice(5)), raw, gz, features }
}

export async function benchGridLayer(baseUrl: string, cookie: string): Promise<boolean[]> {
  const [w, s, e, n] = bboxOf(generateStreet())
  const cx = (w + e) / 2
  const cy = (s + n) / 2
  // A 1,280 × 800 px viewport at zoom 17 spans about 0.0137° × 0.0069° here (Web Mercator at 36.7° N).
  const z17 = [cx - 0.0069, cy - 0.0035, cx + 0.0069, cy + 0.0035].join(',')
  const cases = [
    { name: 'whole street, zoom 13 (level 1)', query: `level=1&zoom=13&bbox=${[w, s, e, n].join(',')}` },
    { name: 'whole street, zoom 15 (level 2)', query: `level=2&zoom=15&bbox=${[w, s, e, n].join(',')}` },
    { name: 'viewport at zoom 17 (level 3)', query: `level=3&zoom=17&bbox=${z17}` },
    {
      name: 'all 1,360 cells, zoom 16 (level 3, whole street)',
      query: `level=3&zoom=16&bbox=${[w, s, e, n].join(',')}`,
    },
  ]
  const results: boolean[] = []
  for (const c of cases) {
    const r = await timedLayer(baseUrl, cookie, c.query)
    console.log(
      `grid layer ${c.name}: ${r.features} features, p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, ${(r.raw / 1024).toFixed(1)} KB raw, ${(r.gz / 1024).toFixed(1)} KB gzip`,
    )
    results.push(report(`grid layer ${c.name}: p95 time`, r.p95, 'ms', 30))
    results.push(report(`grid layer ${c.name}: gzip size`, r.gz / 1024, 'KB', 150))
  }
  return results
}

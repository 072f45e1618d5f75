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
  // The map draws from tiles now; the GeoJSON layer stays for other features and is measured above.
  results.push(...(await benchGridTiles(baseUrl, cookie)))
  return results
}

/** The tiles (Web Mercator, 256 px) covering a bbox at a zoom, as Leaflet would ask for them. */
function tilesCovering([w, s, e, n]: number[], z: number): { z: number; x: number; y: number }[] {
  const side = 2 ** z
  const column = (lng: number) => Math.floor(((lng + 180) / 360) * side)
  const row = (lat: number) => {
    const rad = (lat * Math.PI) / 180
    return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * side)
  }
  const tiles = []
  for (let x = column(w!); x <= column(e!); x++) for (let y = row(n!); y <= row(s!); y++) tiles.push({ z, x, y })
  return tiles
}

async function timedTile(baseUrl: string, cookie: string, tile: { z: number; x: number; y: number }) {
  const t = process.hrtime.bigint()
  const res = await fetch(`${baseUrl}/api/grids/tiles/${tile.z}/${tile.x}/${tile.y}.mvt`, {
    headers: { 'accept-encoding': 'identity', cookie },
  })
  const body = Buffer.from(await res.arrayBuffer())
  if (!res.ok) throw new Error(`tile ${tile.z}/${tile.x}/${tile.y}: ${res.status}`)
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, raw: body.length, gz: gzipSync(body).length }
}

/**
 * The grid layer as vector tiles: every tile of the street at each zoom from the street's (12) to a few houses
 * (18), first as the server cuts it (a cache miss: each tile's first request) and then from the cache; and the
 * whole street at zoom 16 as a browser loads it, six tiles at a time.
 */
export async function benchGridTiles(baseUrl: string, cookie: string): Promise<boolean[]> {
  const bounds = bboxOf(generateStreet())
  const results: boolean[] = []
  for (let z = 12; z <= 18; z++) {
    const tiles = tilesCovering(bounds, z)
    const cold = []
    for (const tile of tiles) cold.push(await timedTile(baseUrl, cookie, tile))
    const warm = []
    for (let pass = 0; pass < Math.max(1, Math.ceil(200 / tiles.length)); pass++)
      for (const tile of tiles) warm.push(await timedTile(baseUrl, cookie, tile))
    const c = summarize(cold.map((r) => r.ms))
    const h = summarize(warm.map((r) => r.ms))
    const largest = cold.reduce((a, b) => (b.raw > a.raw ? b : a))
    console.log(
      `grid tiles zoom ${z}: ${tiles.length} tiles, cut p50 ${c.p50.toFixed(2)} p95 ${c.p95.toFixed(2)} max ${c.max.toFixed(2)} ms; cached p50 ${h.p50.toFixed(2)} p95 ${h.p95.toFixed(2)} ms; largest ${(largest.raw / 1024).toFixed(1)} KB raw, ${(largest.gz / 1024).toFixed(1)} KB gzip`,
    )
    results.push(report(`grid tile zoom ${z}: p95 time, cut (cache miss)`, c.p95, 'ms', 30))
    results.push(report(`grid tile zoom ${z}: largest tile, raw`, largest.raw / 1024, 'KB', 150))
  }
  // The whole street at zoom 16 (all 1,360 unit grids), loaded as a browser does: six requests at a time.
  const street16 = tilesCovering(bounds, 16)
  const loads: number[] = []
  for (let run = 0; run < 20; run++) {
    const t = process.hrtime.bigint()
    const queue = [...street16]
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let tile = queue.shift(); tile; tile = queue.shift()) await timedTile(baseUrl, cookie, tile)
      }),
    )
    loads.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  const whole = summarize(loads)
  console.log(
    `grid tiles, whole street at zoom 16: ${street16.length} tiles, 6 at a time, p50 ${whole.p50.toFixed(2)} ms, p95 ${whole.p95.toFixed(2)} ms`,
  )
  return results
}

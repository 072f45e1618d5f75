import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import sharp from 'sharp'
import { cpuPerReport, cpuSnapshot } from './cpu-usage.ts'
import { pacedLoad } from './paced-load.ts'
import { report } from './stats.ts'
import { seedDescription } from '../apps/api/src/seed/incident-descriptions.ts'

/** Where the bench reports: a point inside the demo worker's unit grid (so every report lands in a grid). */
interface ReportSite {
  lng: number
  lat: number
  gridName: string
  categoryCodes: string[]
}

async function reportSite(client: pg.Client): Promise<ReportSite> {
  const { rows } = await client.query<{ lng: number; lat: number; name: string }>(
    `select ST_X(p) lng, ST_Y(p) lat, name from (select ST_PointOnSurface(geom) p, name from grids where code = '370705002001001') x`,
  )
  const codes = await client.query<{ code: string }>(
    'select code from categories where parent_id is not null order by code',
  )
  return { lng: rows[0]!.lng, lat: rows[0]!.lat, gridName: rows[0]!.name, categoryCodes: codes.rows.map((r) => r.code) }
}

/** The WAL written and checkpoints run on the server so far (pg_stat_wal, pg_stat_bgwriter). */
async function walCounters(client: pg.Client) {
  const { rows } = await client.query<{ bytes: string; fpi: string; checkpoints: string }>(
    'select wal_bytes::bigint::text bytes, wal_fpi::text fpi, (select (checkpoints_timed + checkpoints_req)::text from pg_stat_bgwriter) checkpoints from pg_stat_wal',
  )
  return { bytes: Number(rows[0]!.bytes), fpi: Number(rows[0]!.fpi), checkpoints: Number(rows[0]!.checkpoints) }
}

function multipartBody(fields: Record<string, string>, photo?: Buffer) {
  const boundary = 'wanggebench'
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  )
  const head = Buffer.from(parts.join(''))
  const file = photo
    ? Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        photo,
        Buffer.from('\r\n'),
      ])
    : Buffer.alloc(0)
  return {
    body: Buffer.concat([head, file, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/** A textured JPEG of about 300 KB (the figure), like a phone photo downscaled before upload. */
async function phonePhoto(): Promise<Buffer> {
  const width = 1280
  const height = 960
  const noise = Buffer.alloc(width * height * 3)
  let seed = 7
  for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
  // The largest blur (smoothest image) whose JPEG is still at least 300 KB.
  let best = await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer()
  for (const sigma of [0.6, 0.8, 1, 1.05, 1.1, 1.15, 1.2, 1.5, 2]) {
    const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } })
      .blur(sigma)
      .jpeg({ quality: 80 })
      .toBuffer()
    if (jpeg.length < 300_000) break
    best = jpeg
  }
  return best
}

/** The reports bench's own incidents start with this; the incident-list bench clones the seeded ones, not these. */
export const BENCH_REPORT_MARK = '【压测】'

/** A report as a worker files it: any sub-category, worded as the seed words them (the trigram index sees real text). */
function fields(site: ReportSite) {
  const categoryCode = site.categoryCodes[Math.floor(Math.random() * site.categoryCodes.length)]!
  const { description, address } = seedDescription(categoryCode, site.gridName, Math.random)
  return {
    clientId: randomUUID(),
    categoryCode,
    description: BENCH_REPORT_MARK + description,
    address,
    lng: String(site.lng),
    lat: String(site.lat),
    accuracy: '10',
  }
}

async function load(
  baseUrl: string,
  cookie: string,
  at: ReportSite,
  opts: { connections: number; duration: number; photo?: Buffer },
) {
  const result = await autocannon({
    url: `${baseUrl}/api/incidents`,
    method: 'POST',
    connections: opts.connections,
    duration: opts.duration,
    requests: [
      {
        setupRequest: (req) => {
          const { body, contentType } = multipartBody(fields(at), opts.photo)
          return { ...req, body, headers: { ...req.headers, cookie, 'content-type': contentType } }
        },
      },
    ],
  })
  return result
}

/** How long the paced window runs: long enough that a stall of a second (a checkpoint's fsync) cannot decide its p99 alone. */
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 120)

export async function benchReports(
  databaseUrl: string,
  baseUrl: string,
  cookie: string,
  serverPid?: number,
): Promise<boolean[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await measureReports(client, baseUrl, cookie, serverPid)
  } finally {
    await client.end()
  }
}

async function measureReports(
  client: pg.Client,
  baseUrl: string,
  cookie: string,
  serverPid: number | undefined,
): Promise<boolean[]> {
  const site = await reportSite(client)
  const results: boolean[] = []
  const paced = (seconds: number) =>
    pacedLoad(baseUrl, {
      rate: 300,
      seconds,
      maxSockets: 64,
      request: () => {
        const { body, contentType } = multipartBody(fields(site))
        return { path: '/api/incidents', method: 'POST', headers: { cookie, 'content-type': contentType }, body }
      },
    })
  // A fresh server opens its pool's connections and each backend loads PostGIS on first use: not the steady state.
  const warm = await paced(5)
  console.log(
    `report, warm-up (fresh server, 300 req/s for 5 s): p99 ${warm.p99.toFixed(1)} ms, max ${warm.max.toFixed(1)} ms`,
  )
  // The window starts from a checkpoint, so what it writes back is its own reports' pages, not a million-row fill's.
  await client.query('checkpoint')
  const before = await walCounters(client)
  const cpuBefore = await cpuSnapshot(client, serverPid)
  const steady = await paced(PACED_SECONDS)
  const cpuAfter = await cpuSnapshot(client, serverPid, cpuBefore)
  const after = await walCounters(client)
  console.log(
    `report, no photo, paced at 300 req/s for ${PACED_SECONDS} s (${steady.achievedRate.toFixed(0)} req/s sent): p50 ${steady.p50.toFixed(1)} ms, ` +
      `p95 ${steady.p95.toFixed(1)} ms, p99 ${steady.p99.toFixed(1)} ms, max ${steady.max.toFixed(1)} ms, 2xx ${steady.ok}, other ${steady.notOk + steady.errors}; ` +
      `load generator's longest stall ${steady.generatorStallMs.toFixed(0)} ms`,
  )
  console.log(
    `  WAL ${((after.bytes - before.bytes) / steady.n / 1024).toFixed(1)} KB a report (${((after.fpi - before.fpi) / steady.n).toFixed(2)} full-page images); ` +
      `checkpoints begun in the window: ${after.checkpoints - before.checkpoints}`,
  )
  const cpu = cpuPerReport(cpuBefore, cpuAfter, steady.n)
  if (cpu) console.log(`  ${cpu}`)
  const slow = steady.timeline.filter(([, l]) => l > 50)
  if (slow.length) {
    const slowest = steady.timeline.reduce((a, b) => (b[1] > a[1] ? b : a))
    const seconds = new Set(slow.map(([due]) => Math.floor(due / 1000))).size
    console.log(
      `  ${slow.length} reports took over 50 ms, due in ${seconds} distinct seconds; the slowest was due at ${new Date(slowest[0]).toISOString()}`,
    )
  }
  results.push(
    report('report an incident at 300 req/s: p99 latency', steady.ok === steady.n ? steady.p99 : Infinity, 'ms', 50),
  )

  const saturatingBefore = await cpuSnapshot(client, serverPid)
  const max = await load(baseUrl, cookie, site, { connections: 50, duration: 30 })
  const saturatingCpu = cpuPerReport(
    saturatingBefore,
    await cpuSnapshot(client, serverPid, saturatingBefore),
    max.requests.total,
  )
  console.log(
    `report, no photo, saturating (50 connections, 30 s): ${max.requests.average.toFixed(0)} req/s, p99 ${max.latency.p99} ms, 2xx ${max['2xx']}, non-2xx ${max.non2xx}`,
  )
  if (saturatingCpu) console.log(`  ${saturatingCpu}`)
  results.push(
    report('report an incident (no photo): sustained throughput', max.requests.average, 'req/s', 1000, false),
  )
  const photo = await phonePhoto()
  const withPhoto = await load(baseUrl, cookie, site, { connections: 10, duration: 10, photo })
  console.log(
    `report with one ${(photo.length / 1024).toFixed(0)} KB photo (10 connections, 10 s): ${withPhoto.requests.average.toFixed(1)} req/s, p50 ${withPhoto.latency.p50} ms, p99 ${withPhoto.latency.p99} ms, non-2xx ${withPhoto.non2xx}`,
  )
  return results
}

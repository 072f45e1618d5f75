import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import sharp from 'sharp'
import { pacedLoad } from './paced-load.ts'
import { report } from './stats.ts'

/** A point inside the demo worker's unit grid, so every report lands in a grid. */
async function workerCellPoint(databaseUrl: string): Promise<{ lng: number; lat: number }> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const { rows } = await client.query<{ lng: number; lat: number }>(
    `select ST_X(p) lng, ST_Y(p) lat from (select ST_PointOnSurface(geom) p from grids where code = '370705002001001') x`,
  )
  await client.end()
  return rows[0]!
}

function multipartBody(fields: Record<string, string>, photo?: Buffer) {
  const boundary = 'wanggebench'
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
  const head = Buffer.from(parts.join(''))
  const file = photo
    ? Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), photo, Buffer.from('\r\n')])
    : Buffer.alloc(0)
  return { body: Buffer.concat([head, file, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A textured JPEG of about 300 KB (the figure), like a phone photo downscaled before upload. */
async function phonePhoto(): Promise<Buffer> {
  const width = 1280
  const height = 960
  const noise = Buffer.alloc(width * height * 3)
  let seed = 7
  for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
  // The largest blur (smoothest image) whose JPEG is still at least 300 KB.
  let best = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer()
  for (const sigma of [0.6, 0.8, 1, 1.05, 1.1, 1.15, 1.2, 1.5, 2]) {
    const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } }).blur(sigma).jpeg({ quality: 80 }).toBuffer()
    if (jpeg.length < 300_000) break
    best = jpeg
  }
  return best
}

/** The reports bench's own incidents say this; the incident-list bench clones the seeded ones, not these. */
export const BENCH_REPORT_DESCRIPTION = '压测上报'

const fields = (at: { lng: number; lat: number }) => ({ clientId: randomUUID(), categoryCode: 'E0101', description: BENCH_REPORT_DESCRIPTION, lng: String(at.lng), lat: String(at.lat), accuracy: '10' })

async function load(baseUrl: string, cookie: string, at: { lng: number; lat: number }, opts: { connections: number; duration: number; photo?: Buffer }) {
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

export async function benchReports(databaseUrl: string, baseUrl: string, cookie: string): Promise<boolean[]> {
  const at = await workerCellPoint(databaseUrl)
  const results: boolean[] = []
  const max = await load(baseUrl, cookie, at, { connections: 50, duration: 30 })
  console.log(`report, no photo, saturating (50 connections, 30 s): ${max.requests.average.toFixed(0)} req/s, p99 ${max.latency.p99} ms, 2xx ${max['2xx']}, non-2xx ${max.non2xx}`)
  results.push(report('report an incident (no photo): sustained throughput', max.requests.average, 'req/s', 1000, false))
  const paced = await pacedLoad(baseUrl, {
    rate: 300,
    seconds: 20,
    maxSockets: 64,
    request: () => {
      const { body, contentType } = multipartBody(fields(at))
      return { path: '/api/incidents', method: 'POST', headers: { cookie, 'content-type': contentType }, body }
    },
  })
  console.log(
    `report, no photo, paced at 300 req/s for 20 s (${paced.achievedRate.toFixed(0)} req/s sent): p50 ${paced.p50.toFixed(1)} ms, ` +
      `p95 ${paced.p95.toFixed(1)} ms, p99 ${paced.p99.toFixed(1)} ms, max ${paced.max.toFixed(1)} ms, 2xx ${paced.ok}, other ${paced.notOk + paced.errors}; load generator's longest stall ${paced.generatorStallMs.toFixed(0)} ms`,
  )
  const slowest = paced.timeline.reduce((a, b) => (b[1] > a[1] ? b : a))
  if (slowest[1] > 50) console.log(`  slowest report was due at ${new Date(slowest[0]).toISOString()}; ${paced.timeline.filter(([, l]) => l > 50).length} took over 50 ms`)
  results.push(report('report an incident at 300 req/s: p99 latency', paced.ok === paced.n ? paced.p99 : Infinity, 'ms', 50))
  const photo = await phonePhoto()
  const withPhoto = await load(baseUrl, cookie, at, { connections: 10, duration: 10, photo })
  console.log(`report with one ${(photo.length / 1024).toFixed(0)} KB photo (10 connections, 10 s): ${withPhoto.requests.average.toFixed(1)} req/s, p50 ${withPhoto.latency.p50} ms, p99 ${withPhoto.latency.p99} ms, non-2xx ${withPhoto.non2xx}`)
  return results
}


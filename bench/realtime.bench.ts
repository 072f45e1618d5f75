import { randomUUID } from 'node:crypto'
import os from 'node:os'
import pg from 'pg'
import { io, type Socket } from 'socket.io-client'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { report, summarize } from './stats.ts'

const SOCKETS = 500
const REPORTS_PER_SECOND = 20
const SECONDS = 15
/** Reports sent before measuring (JIT, connection pools); their receipts are not counted. */
const WARM_UP_REPORTS = 40
/** How long after the last report a socket may still receive before what it lacks counts as missed. */
const DRAIN_MS = 5000

async function signIn(url: string, role: 'supervisor'): Promise<string[]> {
  // The community supervisor (community 001) and the street-wide one: both scopes hold community 001's events.
  const phones = DEMO_ACCOUNTS.filter((a) => a.role === role).map((a) => a.phone)
  const cookies: string[] = []
  for (const phone of phones) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
    })
    if (!res.ok) throw new Error(`sign-in failed: ${res.status}`)
    cookies.push(
      res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .filter((c) => /^wangge\.sid=./.test(c))
        .at(-1)!,
    )
  }
  return cookies
}

async function pointIn(databaseUrl: string, code: string): Promise<{ lng: number; lat: number }> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const { rows } = await client.query<{ lng: number; lat: number }>(
    `select ST_X(p) lng, ST_Y(p) lat from (select ST_PointOnSurface(geom) p from grids where code = $1) x`,
    [code],
  )
  await client.end()
  return rows[0]!
}

interface Receiver {
  socket: Socket
  latencies: number[]
  seen: Set<string>
  measuring: boolean
}

function connect(url: string, cookie: string): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true })
    const receiver: Receiver = { socket, latencies: [], seen: new Set(), measuring: false }
    socket.on('incident.created', (event: { at: string; data: { id: string } }) => {
      if (!receiver.measuring) return
      receiver.latencies.push(Date.now() - Date.parse(event.at))
      receiver.seen.add(event.data.id)
    })
    socket.once('caughtUp', () => resolve(receiver))
    socket.once('connect_error', reject)
  })
}

function multipart(fields: Record<string, string>) {
  const boundary = 'wanggefanout'
  const body =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}--\r\n`
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

/**
 * Fan-out: 500 authenticated supervisor sockets (two supervisors' sessions, many screens each), reports at a
 * steady rate in community 001, and for every socket the time from the event's `at` to its arrival. `at` is the
 * reporting transaction's start (now()), a little before its commit, so the figure is an upper bound of
 * commit → receipt. A report whose event a socket never received counts as missed.
 */
export async function benchFanOut(databaseUrl: string, url: string): Promise<boolean[]> {
  const cookies = await signIn(url, 'supervisor')
  const at = await pointIn(databaseUrl, '370705002001001')
  const receivers: Receiver[] = []
  for (let i = 0; i < SOCKETS; i += 50) {
    receivers.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, SOCKETS - i) }, (_, j) => connect(url, cookies[(i + j) % cookies.length]!)),
      )),
    )
  }

  const reportOnce = () => {
    const { body, contentType } = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '扇出压测',
      lng: String(at.lng),
      lat: String(at.lat),
    })
    return fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { cookie: cookies[0]!, 'content-type': contentType },
      body,
    })
  }
  for (let n = 0; n < WARM_UP_REPORTS; n++) await reportOnce()
  await new Promise((r) => setTimeout(r, 1000))
  for (const r of receivers) r.measuring = true

  const reported: string[] = []
  let failed = 0
  const inFlight: Promise<void>[] = []
  const started = Date.now()
  for (let n = 0; n < REPORTS_PER_SECOND * SECONDS; n++) {
    const due = started + (n * 1000) / REPORTS_PER_SECOND
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())))
    inFlight.push(
      reportOnce().then(
        async (res) => {
          if (res.status === 201) reported.push(((await res.json()) as { id: string }).id)
          else failed++
        },
        () => void failed++,
      ),
    )
  }
  await Promise.all(inFlight)
  const deadline = Date.now() + DRAIN_MS
  while (Date.now() < deadline && receivers.some((r) => reported.some((id) => !r.seen.has(id))))
    await new Promise((r) => setTimeout(r, 100))
  for (const r of receivers) r.socket.close()

  const all = receivers.flatMap((r) => r.latencies)
  const missed = receivers.reduce((sum, r) => sum + reported.filter((id) => !r.seen.has(id)).length, 0)
  const s = summarize(all)
  console.log(
    `fan-out: ${SOCKETS} supervisor sockets, ${reported.length} reports at ${REPORTS_PER_SECOND}/s (${failed} failed), ${all.length} receipts: ` +
      `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms, missed ${missed} (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
  )
  return [
    report('incident → 500 supervisor sockets: p99 from commit', s.p99, 'ms', 100),
    report('incident → 500 supervisor sockets: events missed', missed, 'events', 0),
  ]
}

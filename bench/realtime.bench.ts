import { randomUUID } from 'node:crypto'
import os from 'node:os'
import pg from 'pg'
import { io, type Socket } from 'socket.io-client'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { startBenchRedis } from './bench-redis.ts'
import { cpuSecondsOf } from './cpu-usage.ts'
import { freePort, startServer, type BenchServer } from './server-process.ts'
import { report, summarize } from './stats.ts'

/** What one fan-out run measures: its sockets, the report rate, and the budget of DESIGN.md it is held to. */
interface FanOutPlan {
  sockets: number
  reportsPerSecond: number
  budgetMs: number
}
/** DESIGN.md: incident → every subscribed supervisor socket (500 sockets), p99 ≤ 100 ms from commit. */
const ONE_INSTANCE: FanOutPlan = { sockets: 500, reportsPerSecond: 20, budgetMs: 100 }
/**
 * Issue 21: 2,000 sockets over two instances, p99 ≤ 200 ms. Five reports a second make the same 10,000 deliveries a
 * second as the one-instance run: at 20 a second the single load-generating process (which parses every receipt)
 * would be measured instead of the servers.
 */
const TWO_INSTANCES: FanOutPlan = { sockets: 2000, reportsPerSecond: 5, budgetMs: 200 }
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
 * Fan-out: authenticated supervisor sockets (two supervisors' sessions, many screens each), reports at a steady rate
 * in community 001, and for every socket the time from the event's `at` to its arrival. `at` is the reporting
 * transaction's start (now()), a little before its commit, so the figure is an upper bound of commit → receipt. A
 * report whose event a socket never received counts as missed. Reports go to `reportUrl`; sockets are dealt round
 * the `socketUrls` in turn, so with two instances half of them hear each case only through Redis.
 */
async function measureFanOut(
  databaseUrl: string,
  reportUrl: string,
  socketUrls: string[],
  plan: FanOutPlan,
  servers: { name: string; pid: number | undefined }[] = [],
): Promise<{ latencies: number[]; missed: number; reported: number; failed: number; cpu: string }> {
  const cookies = await signIn(reportUrl, 'supervisor')
  const at = await pointIn(databaseUrl, '370705002001001')
  const receivers: Receiver[] = []
  for (let i = 0; i < plan.sockets; i += 50) {
    receivers.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, plan.sockets - i) }, (_, j) =>
          connect(socketUrls[(i + j) % socketUrls.length]!, cookies[(i + j) % cookies.length]!),
        ),
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
    return fetch(`${reportUrl}/api/incidents`, {
      method: 'POST',
      headers: { cookie: cookies[0]!, 'content-type': contentType },
      body,
    })
  }
  for (let n = 0; n < WARM_UP_REPORTS; n++) await reportOnce()
  await new Promise((r) => setTimeout(r, 1000))
  for (const r of receivers) r.measuring = true

  const cpuBefore = servers.map((s) => (s.pid === undefined ? undefined : cpuSecondsOf(s.pid)))
  const benchBefore = process.cpuUsage()
  const reported: string[] = []
  let failed = 0
  const inFlight: Promise<void>[] = []
  const started = Date.now()
  for (let n = 0; n < plan.reportsPerSecond * SECONDS; n++) {
    const due = started + (n * 1000) / plan.reportsPerSecond
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
  const elapsed = (Date.now() - started) / 1000
  const bench = process.cpuUsage(benchBefore)
  // CPU seconds per wall second (1.0 = one core busy), and the servers' CPU per delivered event: what the code costs,
  // whatever the machine's other load (under a load of 13 on two cores each process gets a fraction of a core, and
  // the latencies measure the wait for it).
  const cores = (seconds: number) => (seconds / elapsed).toFixed(2)
  const serverSeconds = servers.map((s, i) => {
    const after = s.pid === undefined ? undefined : cpuSecondsOf(s.pid)
    const before = cpuBefore[i]
    return after === undefined || before === undefined ? undefined : after - before
  })
  const receipts = receivers.reduce((sum, r) => sum + r.latencies.length, 0)
  const known = serverSeconds.filter((x): x is number => x !== undefined)
  const cpu = [
    ...servers.map((s, i) => `${s.name} ${serverSeconds[i] === undefined ? '?' : cores(serverSeconds[i])}`),
    `load generator ${cores((bench.user + bench.system) / 1e6)}`,
    ...(known.length && receipts
      ? [`servers ${((known.reduce((a, b) => a + b, 0) * 1e6) / receipts).toFixed(1)} µs a delivery`]
      : []),
  ].join(', ')
  for (const r of receivers) r.socket.close()

  return {
    latencies: receivers.flatMap((r) => r.latencies),
    missed: receivers.reduce((sum, r) => sum + reported.filter((id) => !r.seen.has(id)).length, 0),
    reported: reported.length,
    failed,
    cpu,
  }
}

function printFanOut(
  what: string,
  plan: FanOutPlan,
  run: Awaited<ReturnType<typeof measureFanOut>>,
): ReturnType<typeof summarize> {
  const s = summarize(run.latencies)
  console.log(
    `fan-out: ${what}, ${run.reported} reports at ${plan.reportsPerSecond}/s (${run.failed} failed), ${run.latencies.length} receipts: ` +
      `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms, missed ${run.missed}` +
      ` (CPU in cores: ${run.cpu}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
  )
  return s
}

/** `pnpm bench live-fan-out`: 500 supervisor sockets on the one bench server. */
export async function benchFanOut(databaseUrl: string, url: string, pid?: number): Promise<boolean[]> {
  const run = await measureFanOut(databaseUrl, url, [url], ONE_INSTANCE, [{ name: 'API', pid }])
  const s = printFanOut(`${ONE_INSTANCE.sockets} supervisor sockets`, ONE_INSTANCE, run)
  return [
    report('incident → 500 supervisor sockets: p99 from commit', s.p99, 'ms', ONE_INSTANCE.budgetMs),
    report('incident → 500 supervisor sockets: events missed', run.missed, 'events', 0),
  ]
}

/**
 * `pnpm bench live-fan-out-2`: two API processes sharing broadcasts through Redis (@socket.io/redis-adapter), 2,000
 * supervisor sockets dealt between them, every case filed through the first. Ports: BENCH_PORT + 1 and + 2 for the
 * instances and + 3 for the bench's own Redis when BENCH_PORT is set (free ports otherwise); BENCH_REDIS_URL names
 * another Redis.
 */
export async function benchFanOutAcrossInstances(databaseUrl: string): Promise<boolean[]> {
  const base = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined
  const portAt = async (offset: number) => (base === undefined ? freePort() : base + offset)
  const redis = await startBenchRedis(await portAt(3))
  // What several instances must share (README, Several instances): each bench server has a DATA_DIR of its own, where
  // it would otherwise generate a session secret of its own, and B would refuse the cookies A signed. DATA_KEY comes
  // from run.ts's environment.
  const shared = { REDIS_URL: redis.url, SESSION_SECRET: 'wangge-bench-shared-session-secret-0123456789' }
  const servers: BenchServer[] = []
  try {
    for (const offset of [1, 2]) {
      servers.push(await startServer(databaseUrl, undefined, { port: await portAt(offset), env: shared }))
    }
    const [a, b] = servers as [BenchServer, BenchServer]
    const run = await measureFanOut(databaseUrl, a.url, [a.url, b.url], TWO_INSTANCES, [
      { name: 'API A', pid: a.pid },
      { name: 'API B', pid: b.pid },
    ])
    const s = printFanOut(
      `${TWO_INSTANCES.sockets} supervisor sockets on two instances (Redis adapter), cases filed on one`,
      TWO_INSTANCES,
      run,
    )
    return [
      report('incident → 2,000 sockets on 2 instances: p99 from commit', s.p99, 'ms', TWO_INSTANCES.budgetMs),
      report('incident → 2,000 sockets on 2 instances: events missed', run.missed, 'events', 0),
    ]
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
    await redis.stop()
  }
}

import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { summarize } from './stats.ts'

export interface PacedRequest {
  path: string
  method: string
  headers: Record<string, string>
  body: Buffer
}

/**
 * An open-loop load at a constant rate: request i is due at start + i / rate whether or not earlier ones have
 * answered, and its latency is counted from when it was due — so time spent waiting for a free connection counts
 * (no coordinated omission). autocannon's `overallRate` is not this: each connection fires its share of the second
 * back to back at the start of every second, so "300 req/s" there means a 30-wide burst each second.
 */
export async function pacedLoad(
  baseUrl: string,
  opts: { rate: number; seconds: number; maxSockets: number; request: () => PacedRequest },
) {
  const url = new URL(baseUrl)
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets })
  const total = Math.round(opts.rate * opts.seconds)
  const latencies: number[] = []
  /** [when the request was due (epoch ms), its latency]: where the slow ones cluster. */
  const timeline: [number, number][] = []
  const epochOffset = Date.now() - performance.now()
  const statuses = new Map<number, number>()
  let errors = 0
  const inFlight: Promise<void>[] = []
  // The generator's own stalls would show up as the server's latency: measured, so they can be told apart.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 })
  loopDelay.enable()
  const start = performance.now()
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const { path, method, headers, body } = opts.request()
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method,
          agent,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (res) => {
          res.resume()
          res.on('end', () => {
            latencies.push(performance.now() - due)
            timeline.push([epochOffset + due, performance.now() - due])
            statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1)
            resolve()
          })
        },
      )
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end(body)
    })
  let sent = 0
  while (sent < total) {
    const now = performance.now()
    // Everything due by now goes out now; a late timer never thins the load.
    while (sent < total && start + (sent * 1000) / opts.rate <= now)
      inFlight.push(send(start + (sent++ * 1000) / opts.rate))
    await new Promise((r) => setTimeout(r, Math.max(0, start + (sent * 1000) / opts.rate - performance.now())))
  }
  await Promise.all(inFlight)
  loopDelay.disable()
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0)
  return {
    ...summarize(latencies),
    achievedRate: total / elapsed,
    ok,
    notOk: total - ok - errors,
    errors,
    timeline,
    generatorStallMs: loopDelay.max / 1e6,
  }
}

import type { CDPSession } from 'playwright-core'

/**
 * One page load's requests as the browser saw them (CDP Network events, timestamps in the renderer's monotonic
 * clock): when each was sent, when its headers and its last byte arrived, its compressed size and what started it.
 * Printed by `WORKER_PAGES_TIMELINE=1 pnpm bench worker-pages`, to read the critical path of a cold load: a request
 * whose initiator finished just before it started is a round trip the page waited for.
 */
interface Request {
  url: string
  sent: number
  headers?: number
  done?: number
  bytes: number
  initiator: string
  priority: string
  fromCache: boolean
}

export function recordTimeline(cdp: CDPSession) {
  const requests = new Map<string, Request>()
  const marks: { at: number; what: string }[] = []
  let origin = Infinity
  cdp.on('Network.requestWillBeSent', (e) => {
    origin = Math.min(origin, e.timestamp)
    const by = e.initiator.url ?? e.initiator.stack?.callFrames[0]?.url ?? e.initiator.stack?.parent?.callFrames[0]?.url
    requests.set(e.requestId, {
      url: e.request.url,
      sent: e.timestamp,
      bytes: 0,
      initiator: `${e.initiator.type}${by ? ` ${shortName(by)}` : ''}`,
      priority: e.request.initialPriority,
      fromCache: false,
    })
  })
  cdp.on('Network.responseReceived', (e) => {
    const request = requests.get(e.requestId)
    if (!request) return
    request.headers = e.timestamp
    request.fromCache = Boolean(
      e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache,
    )
  })
  cdp.on('Network.loadingFinished', (e) => {
    const request = requests.get(e.requestId)
    if (!request) return
    request.done = e.timestamp
    request.bytes = e.encodedDataLength
  })
  return {
    /** A moment of the page's own (the report button on screen), in the same clock as the requests. */
    mark: async (what: string) => {
      const { result } = (await cdp.send('Runtime.evaluate', {
        expression: 'performance.timeOrigin + performance.now()',
        returnByValue: true,
      })) as { result: { value: number } }
      marks.push({ at: result.value, what })
    },
    print: async (title: string, navigationStartedMs: number) => {
      const { metrics } = await cdp.send('Performance.getMetrics')
      const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0
      const ms = (t: number | undefined) =>
        t === undefined ? '     -' : String(Math.round((t - origin) * 1000)).padStart(6)
      console.log(`\n${title}: requests in the order sent (ms from the first; sent, headers, done)`)
      for (const r of [...requests.values()].sort((a, b) => a.sent - b.sent)) {
        console.log(
          `${ms(r.sent)} ${ms(r.headers)} ${ms(r.done)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB ` +
            `${r.priority.padEnd(8)} ${shortName(r.url).padEnd(44)} ← ${r.initiator}${r.fromCache ? ' (cache)' : ''}`,
        )
      }
      for (const m of marks)
        console.log(`${String(Math.round(m.at - navigationStartedMs)).padStart(6)} ms (wall) ${m.what}`)
      console.log(
        `main thread so far: script ${Math.round(metric('ScriptDuration') * 1000)} ms, layout ` +
          `${Math.round(metric('LayoutDuration') * 1000)} ms, style ${Math.round(metric('RecalcStyleDuration') * 1000)} ms, ` +
          `tasks ${Math.round(metric('TaskDuration') * 1000)} ms`,
      )
    },
  }
}

function shortName(url: string): string {
  try {
    const { pathname, search } = new URL(url)
    return pathname + search
  } catch {
    return url.slice(0, 60)
  }
}

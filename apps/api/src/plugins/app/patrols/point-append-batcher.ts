import type { AppendRow, PointAppend } from './point-append-statement.ts'

interface Waiter {
  job: PointAppend
  resolve: (row: AppendRow | null) => void
  reject: (error: unknown) => void
}

export interface PointAppendBatcherOptions {
  /** How long the first append of a batch waits for others when many patrols are out. */
  lingerMs: number
  /** How many patrols must have sent points within ACTIVE_WINDOW_MS for appends to wait for each other. */
  busyAt: number
  maxBatch: number
  /** Whether an error is every append's alike (the database away); then a failed batch is not retried alone. */
  sharedFailure: (error: unknown) => boolean
}

/** A phone on patrol sends a point every 10–30 s: patrols heard from within this window count as out. */
const ACTIVE_WINDOW_MS = 30_000

/**
 * Group commit for patrol points. A point is cheap to store but dear to send alone: at 200 workers on patrol, one
 * statement a point cost the database ~1.3 ms of CPU and the API ~0.8 ms of its round trip (pnpm bench patrol),
 * against a budget of 2.5 ms for everything. When many patrols are out (`busyAt`), an append waits up to
 * `lingerMs` for the others that arrive meanwhile and all go in one statement and one commit; the phone, which
 * sends in the background, waits that much longer for its answer. When few are out, an append runs at once, as
 * before. Each patrol appears at most once in a statement (its update must see the end the service filtered
 * against): a second append for a patrol already waiting goes in the next batch, where its stale end makes it
 * miss and the service reads the track again. A failed batch is run again append by append, so one append's error
 * is never another's.
 */
export class PointAppendBatcher {
  private waiting = new Map<string, Waiter>()
  private overflow: Waiter[] = []
  private timer: NodeJS.Timeout | undefined
  private heardFrom = new Map<string, number>()
  private lastPrune = 0

  constructor(
    private readonly run: (jobs: PointAppend[]) => Promise<AppendRow[]>,
    private readonly options: PointAppendBatcherOptions,
  ) {}

  append(job: PointAppend): Promise<AppendRow | null> {
    return new Promise((resolve, reject) => {
      const waiter = { job, resolve, reject }
      if (this.waiting.has(job.patrolId) || this.waiting.size >= this.options.maxBatch) this.overflow.push(waiter)
      else this.waiting.set(job.patrolId, waiter)
      if (!this.busy(job.patrolId) || this.waiting.size >= this.options.maxBatch) this.flush()
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs)
    })
  }

  /** Runs what is waiting now (also when the server closes: nothing is left behind). */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    const batch = [...this.waiting.values()]
    this.waiting = new Map()
    const overflow = this.overflow
    this.overflow = []
    for (const waiter of overflow) {
      if (this.waiting.has(waiter.job.patrolId) || this.waiting.size >= this.options.maxBatch)
        this.overflow.push(waiter)
      else this.waiting.set(waiter.job.patrolId, waiter)
    }
    if (this.waiting.size > 0) this.timer = setTimeout(() => this.flush(), this.options.lingerMs)
    if (batch.length > 0) void this.settle(batch)
  }

  private busy(patrolId: string): boolean {
    const now = Date.now()
    this.heardFrom.set(patrolId, now)
    if (now - this.lastPrune > ACTIVE_WINDOW_MS) {
      for (const [id, at] of this.heardFrom) if (now - at > ACTIVE_WINDOW_MS) this.heardFrom.delete(id)
      this.lastPrune = now
    }
    return this.heardFrom.size >= this.options.busyAt
  }

  private async settle(batch: Waiter[]): Promise<void> {
    try {
      const rows = await this.run(batch.map((w) => w.job))
      const byPatrol = new Map(rows.map((r) => [r.patrol_id, r]))
      for (const w of batch) w.resolve(byPatrol.get(w.job.patrolId) ?? null)
    } catch (error) {
      if (batch.length === 1 || this.options.sharedFailure(error)) {
        for (const w of batch) w.reject(error)
        return
      }
      await Promise.all(batch.map((w) => this.settle([w])))
    }
  }
}

import { readFileSync } from 'node:fs'
import os from 'node:os'
import type pg from 'pg'

/**
 * CPU time spent by the bench server and by its database's backends, read from /proc (Linux, PostgreSQL on this
 * machine). On a shared two-core machine latency moves with everyone else's load; the CPU a report costs does not,
 * so printing both tells a slower machine from slower code.
 */
const TICKS_PER_SECOND = 100

export function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

export interface CpuSnapshot {
  server: number | undefined
  /** Per backend pid: a backend that ends within the window keeps its last reading. */
  backends: Map<number, number>
}

export async function cpuSnapshot(
  client: pg.Client,
  serverPid: number | undefined,
  previous?: CpuSnapshot,
): Promise<CpuSnapshot> {
  const { rows } = await client.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  )
  const backends = new Map(previous?.backends)
  for (const { pid } of rows) {
    const seconds = cpuSecondsOf(pid)
    if (seconds !== undefined) backends.set(pid, seconds)
  }
  return { server: serverPid === undefined ? undefined : cpuSecondsOf(serverPid), backends }
}

/** "CPU a report: API 0.85 ms, PostgreSQL 0.52 ms; load average 1.2" between two snapshots, or '' off Linux. */
export function cpuPerReport(before: CpuSnapshot, after: CpuSnapshot, reports: number): string {
  if (before.server === undefined || after.server === undefined || reports === 0) return ''
  let database = 0
  for (const [pid, seconds] of after.backends) database += seconds - (before.backends.get(pid) ?? 0)
  const ms = (seconds: number) => ((seconds * 1000) / reports).toFixed(2)
  return `CPU a report: API ${ms(after.server - before.server)} ms, PostgreSQL ${ms(database)} ms; load average ${os.loadavg()[0]!.toFixed(1)}`
}

import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { DEMO_PASSWORD } from '@wangge/seed'
import { multipart } from './helper.ts'

/** What a report's sender saw: enough to judge a reply without caring whether it came from inject or fetch. */
export interface Answer {
  status: number
  code: string | undefined
  retryAfter: string | undefined
  ms: number
}

export type SendReport = (form: ReturnType<typeof multipart>) => Promise<Answer>

/** Ends every other backend connected to the database at `url` (as an administrator or a restart would). */
export async function terminateBackends(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pg_terminate_backend(pid), pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    return rows.length
  } finally {
    await client.end()
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Files `count` reports with unique clientIds through `send`, `concurrency` at a time, as the phone's outbox does:
 * a report that fails is sent again with the same clientId until it is answered 200/201. `during(filed)` is called
 * after each filed report, for the test to break things at a point of its choosing.
 */
export async function fileReportsRetrying(
  send: SendReport,
  at: { lng: number; lat: number },
  { count, concurrency, during }: { count: number; concurrency: number; during?: (filed: number) => void },
): Promise<{ clientIds: string[]; failures: Answer[]; filed: number }> {
  const clientIds = Array.from({ length: count }, () => randomUUID())
  const failures: Answer[] = []
  let next = 0
  let filed = 0
  const deadline = Date.now() + 45_000
  const sender = async () => {
    while (next < clientIds.length) {
      const clientId = clientIds[next++]!
      for (;;) {
        if (Date.now() > deadline)
          throw new Error(`report ${clientId} not filed in time; failures: ${JSON.stringify(failures.slice(-5))}`)
        const form = multipart({
          clientId,
          categoryCode: 'E0101',
          description: '断库测试',
          lng: String(at.lng),
          lat: String(at.lat),
          accuracy: '8',
        })
        const answer = await send(form).catch((err: Error): Answer => ({
          status: 0,
          code: err.message,
          retryAfter: undefined,
          ms: 0,
        }))
        if (answer.status === 200 || answer.status === 201) break
        failures.push(answer)
        await sleep(50)
      }
      during?.(++filed)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, sender))
  return { clientIds, failures, filed }
}

/** How many incidents each clientId made (exactly one each, when every report was filed once). */
export async function incidentsPerClientId(url: string, clientIds: string[]): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ client_id: string; n: number }>(
      'select client_id::text, count(*)::int n from incidents where client_id = any($1::uuid[]) group by client_id',
      [clientIds],
    )
    return new Map(rows.map((r) => [r.client_id, r.n]))
  } finally {
    await client.end()
  }
}

/** Polls `probe` until it is true; returns how long that took, or throws past `withinMs`. */
export async function timeUntil(probe: () => Promise<boolean>, withinMs: number, everyMs = 100): Promise<number> {
  const started = Date.now()
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`)
    await sleep(everyMs)
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** The real server (`apps/api/src/server.ts`) in a child process, so "the process never exits" is checked literally. */
export interface ServerProcess {
  url: string
  child: ChildProcess
  /** The exit code or signal, once it exited; null while it runs. */
  exited(): string | null
  output(): string
  /** A signed-in session cookie over real HTTP. */
  signIn(phone: string): Promise<string>
  stop(): Promise<void>
}

const ROOT = path.resolve(import.meta.dirname, '../../..')

export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-fault-server-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  let exit: string | null = null
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = `${code ?? signal}`
      resolve()
    }),
  )
  const url = `http://127.0.0.1:${port}`
  const server: ServerProcess = {
    url,
    child,
    exited: () => exit,
    output: () => output,
    async signIn(phone) {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
      })
      if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`)
      return res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0]!)
        .filter((c) => /^wangge\.sid=./.test(c))
        .at(-1)!
    },
    async stop() {
      if (exit === null) {
        child.kill('SIGTERM')
        await Promise.race([exitedPromise, sleep(5000)])
        if (exit === null) child.kill('SIGKILL')
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  try {
    await timeUntil(
      async () => {
        if (exit !== null) throw new Error(`server exited (${exit}):\n${output}`)
        return (await fetch(`${url}/api/health`)).ok
      },
      60_000,
      200,
    )
  } catch (err) {
    await server.stop()
    throw new Error(`server did not start: ${(err as Error).message}\n${output}`, { cause: err })
  }
  return server
}

/** A report sender over real HTTP as `cookie`'s user. */
export function sendOverHttp(url: string, cookie: string): SendReport {
  return async (form) => {
    const started = Date.now()
    const res = await fetch(`${url}/api/incidents`, {
      method: 'POST',
      headers: { ...form.headers, cookie },
      body: form.payload,
    })
    const body = (await res.json().catch(() => ({}))) as { code?: string }
    return {
      status: res.status,
      code: body.code,
      retryAfter: res.headers.get('retry-after') ?? undefined,
      ms: Date.now() - started,
    }
  }
}

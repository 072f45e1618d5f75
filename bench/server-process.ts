import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'

const root = path.resolve(import.meta.dirname, '..')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** The real server in its own process, so the load generator does not share its event loop. */
export interface BenchServer {
  url: string
  /** A signed-in demo supervisor's session cookie: the API needs a user, and reporting needs this role. */
  cookie: string
  /** Its process id, to read the CPU it spends (cpu-usage.ts). */
  pid: number | undefined
  stop: () => Promise<void>
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: DEMO_ACCOUNTS.find((a) => a.role === 'supervisor')!.phone, password: DEMO_PASSWORD }),
  })
  if (!res.ok) throw new Error(`bench sign-in failed: ${res.status} ${await res.text()}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => /^wangge\.sid=./.test(c))
    .at(-1)!
}

export interface ServerOptions {
  /** Where to listen; default BENCH_PORT, else a free port. A bench of several instances names each one's port. */
  port?: number
  /** Variables for this server only (REDIS_URL for instances sharing broadcasts). */
  env?: Record<string, string>
}

/** webDist: the built web app to serve (WEB_DIST); without it the server's default, apps/web/dist. */
export async function startServer(
  databaseUrl: string,
  webDist?: string,
  options: ServerOptions = {},
): Promise<BenchServer> {
  // BENCH_PORT: a port of the caller's own range, where several people bench on one machine.
  const port = options.port ?? (process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort())
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-bench-'))
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools),
  // to see where a bench's CPU goes.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...(webDist ? { WEB_DIST: webDist } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  // Three minutes: on the shared two-core machine at a load of 15, compiling and starting the server took over one.
  const readyBy = Date.now() + 180_000
  let ready = false
  while (!ready && Date.now() < readyBy && child.exitCode === null) {
    ready = await fetch(`${url}/api/health`).then(
      (res) => res.ok,
      () => false,
    )
    if (!ready) await new Promise((r) => setTimeout(r, 500))
  }
  if (!ready) {
    // Never leave a server behind a failed bench: it would hold the port and the CPU.
    await stop()
    throw new Error(`the bench server on ${url} did not answer /api/health within 3 minutes`)
  }
  return { url, cookie: await signIn(url), pid: child.pid, stop }
}

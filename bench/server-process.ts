import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'

const root = path.resolve(import.meta.dirname, '..')

function freePort(): Promise<number> {
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

/** webDist: the built web app to serve (WEB_DIST); without it the server's default, apps/web/dist. */
export async function startServer(databaseUrl: string, webDist?: string): Promise<BenchServer> {
  // BENCH_PORT: a port of the caller's own range, where several people bench on one machine.
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await freePort()
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...(webDist ? { WEB_DIST: webDist } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  return {
    url,
    cookie: await signIn(url),
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

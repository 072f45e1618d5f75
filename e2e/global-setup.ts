import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { prepareDatabase } from '../apps/api/src/db/prepare-database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /** The server's database when the run has one of its own (TEST_DATABASE_URL); empty on the embedded one. */
    databaseUrl: string
  }
}

const root = path.resolve(import.meta.dirname, '..')
const E2E_DATA_KEY = 'wangge-e2e-registry-data-key-0123456789'

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env
  return rest
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

async function waitForHealth(url: string, server: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`server exited:\n${output()}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`server did not become healthy:\n${output()}`)
}

/**
 * Runs the real server for the browser tests: on TEST_DATABASE_URL (wiped and seeded here) when set, else as a
 * fresh install would, on its own embedded database in a temporary DATA_DIR (which it seeds on first start).
 * E2E_KEEP_DATABASE=1 runs them on TEST_DATABASE_URL as it is — a seeded database grown larger, such as the city
 * bench's (bench/README.md), with its DATA_KEY from the environment: the map's tests at 100,000 unit grids.
 * E2E_BASE_URL runs them against a server already running instead.
 */
export default async function setup(project: TestProject) {
  // E2E_BASE_URL: a server already running, such as nginx in front of two instances (bench/README.md, "the scale
  // profile without Docker"); its database, seeded, is TEST_DATABASE_URL. Nothing is started or wiped here.
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL.replace(/\/$/, ''))
    project.provide('databaseUrl', process.env.TEST_DATABASE_URL ?? '')
    return async () => undefined
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-e2e-'))
  const databaseUrl = process.env.TEST_DATABASE_URL
  const keep = databaseUrl !== undefined && process.env.E2E_KEEP_DATABASE === '1'
  const dataKey = keep ? (process.env.DATA_KEY ?? E2E_DATA_KEY) : E2E_DATA_KEY
  if (databaseUrl && !keep) {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    await client.query(
      // The registry keeps its tables in a schema of its own (migration 0040), which public's cascade leaves behind.
      'drop schema if exists registry cascade; drop schema if exists public cascade; create schema public',
    )
    await client.end()
    await prepareDatabase(databaseUrl, { seed: true, dataKey: E2E_DATA_KEY })
  }

  // E2E_PORT keeps a run inside its caller's port range on a shared machine; otherwise any free port.
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort()
  let output = ''
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: {
      ...withoutDatabaseUrl(process.env),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      // The key the seed above sealed the registry with (the embedded run generates its own into DATA_DIR).
      ...(databaseUrl ? { DATA_KEY: dataKey } : {}),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  server.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const baseUrl = `http://127.0.0.1:${port}`
  await waitForHealth(baseUrl, server, () => output)
  project.provide('baseUrl', baseUrl)
  project.provide('databaseUrl', databaseUrl ?? '')

  return async () => {
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
    await rm(dataDir, { recursive: true, force: true })
  }
}

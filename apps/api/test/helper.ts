import { inject } from 'vitest'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Response } from 'light-my-request'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { TEST_DATA_KEY } from './test-data-key.ts'

export const databaseUrl = (): string => inject('databaseUrl')

const TEST_DATA_DIR = path.join(os.tmpdir(), `wangge-test-data-${process.pid}`)
// Issue 19's ladder and push timers write on their own clock (ladder steps of seeded cases): tests that need them
// drive them (escalationService.pass, notifications.sendOwed), so no other test sees rows appear mid-way.
process.env.ROUTING_TIMERS ??= 'off'

/** The seeded demo accounts by what they are for (see seed/src/accounts.ts). */
export const DEMO = {
  worker: DEMO_ACCOUNTS[0]!.phone,
  supervisor: DEMO_ACCOUNTS[1]!.phone,
  streetSupervisor: DEMO_ACCOUNTS[2]!.phone,
  handler: DEMO_ACCOUNTS[3]!.phone,
  manager: DEMO_ACCOUNTS[4]!.phone,
  admin: DEMO_ACCOUNTS[5]!.phone,
} as const

/** The whole app on the run's test database, as the server builds it, without listening. */
export async function buildTestApp(
  overrides: { databaseUrl?: string; redisUrl?: string } = {},
): Promise<FastifyInstance> {
  // A fixed secret: tests never write a generated one into the working tree's data directory.
  // Uploads go to a temporary DATA_DIR, never into the working tree.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'wangge-test-session-secret-0123456789abcdef',
    DATA_KEY: TEST_DATA_KEY,
    DATA_DIR: TEST_DATA_DIR,
    ...(overrides.redisUrl ? { REDIS_URL: overrides.redisUrl } : {}),
  })
  return buildApp({
    config,
    databaseUrl: overrides.databaseUrl ?? databaseUrl(),
    embedded: inject('embeddedDatabase'),
    logger: false,
  })
}

/** Signs a demo account in and returns its session cookie (`name=value`). */
export async function signIn(app: FastifyInstance, phone: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password } })
  if (res.statusCode !== 200) throw new Error(`sign-in of ${phone} failed: ${res.statusCode} ${res.body}`)
  const cookie = [res.headers['set-cookie'] ?? []]
    .flat()
    .filter((c) => /^wangge\.sid=[^;]/.test(c))
    .at(-1)
  return cookie!.split(';')[0]!
}

export interface SignedInApp {
  app: FastifyInstance
  cookie: string
  /** `app.inject` with the session cookie (unless the request brings its own). */
  inject(options: InjectOptions | string): Promise<Response>
  close(): Promise<void>
}

/** A test app with a signed-in demo user, for tests about something other than signing in. */
export async function signedInApp(phone: string): Promise<SignedInApp> {
  const app = await buildTestApp()
  const cookie = await signIn(app, phone)
  return {
    app,
    cookie,
    inject: (options) => {
      const opts = typeof options === 'string' ? { url: options } : options
      return app.inject({ ...opts, headers: { cookie, ...(opts.headers ?? {}) } })
    },
    close: () => app.close(),
  }
}

/** A direct connection for looking at rows behind the API's back (never used while a request is in flight). */
export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A multipart/form-data body (text fields and files) for `inject`, as a phone's FormData would send it. */
export function multipart(
  fields: Record<string, string>,
  files: { field: string; name: string; type: string; bytes: Buffer }[] = [],
) {
  const boundary = `----wangge${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A point inside a grid, by code (PostGIS decides, so tests need not know the seed's geometry). */
export async function pointInGrid(code: string): Promise<{ lng: number; lat: number }> {
  return withClient(
    async (c) =>
      (
        await c.query<{ lng: number; lat: number }>(
          'select ST_X(p) lng, ST_Y(p) lat from (select ST_PointOnSurface(geom) p from grids where code = $1) x',
          [code],
        )
      ).rows[0]!,
  )
}

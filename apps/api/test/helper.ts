import { inject } from 'vitest'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Response } from 'light-my-request'
import pg from 'pg'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'

export const databaseUrl = (): string => inject('databaseUrl')

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
export async function buildTestApp(overrides: { databaseUrl?: string } = {}): Promise<FastifyInstance> {
  // A fixed secret: tests never write a generated one into the working tree's data directory.
  const config = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'wangge-test-session-secret-0123456789abcdef' })
  return buildApp({ config, databaseUrl: overrides.databaseUrl ?? databaseUrl(), embedded: inject('embeddedDatabase'), logger: false })
}

/** Signs a demo account in and returns its session cookie (`name=value`). */
export async function signIn(app: FastifyInstance, phone: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password } })
  if (res.statusCode !== 200) throw new Error(`sign-in of ${phone} failed: ${res.statusCode} ${res.body}`)
  const cookie = [res.headers['set-cookie'] ?? []].flat().filter((c) => /^wangge\.sid=[^;]/.test(c)).at(-1)
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

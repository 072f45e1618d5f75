import os from 'node:os'
import path from 'node:path'
import { randomInt } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createClient } from 'redis'
import { DEMO_PASSWORD } from '@wangge/seed'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { DEMO, databaseUrl, withClient } from './helper.ts'

const REDIS_URL = 'redis://127.0.0.1:6379'

const apps: FastifyInstance[] = []
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()))
})

/** The whole app with extra environment (REDIS_URL, TRUST_PROXY). */
async function appWith(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'wangge-test-session-secret-0123456789abcdef',
    DATA_DIR: path.join(os.tmpdir(), `wangge-test-data-${process.pid}`),
    ...env,
  })
  const app = await buildApp({
    config,
    databaseUrl: databaseUrl(),
    embedded: inject('embeddedDatabase'),
    logger: false,
  })
  apps.push(app)
  return app
}

/**
 * A fresh address per use, so runs never meet: Redis keeps a pair's failures for an hour, and runs on one machine share
 * it. A run draws 48 random bits for its IPv6 prefix (one byte for IPv4 once met a previous run's counters in CI);
 * each group is 0x1000–0xffff so the address is already in the canonical form PostgreSQL's host() gives back.
 */
let addressSeq = 0
const group = () => (0x1000 + randomInt(0xf000)).toString(16)
const runPrefix = `fd${randomInt(0x10, 0x100).toString(16)}:${group()}:${group()}:${group()}`
const freshAddress = () => `${runPrefix}::${(0x1000 + ++addressSeq).toString(16)}`
const runTag = randomInt(20, 220)

function login(
  app: FastifyInstance,
  phone: string,
  password: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { phone, password }, remoteAddress, headers })
}

async function redisAnswers(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.quit()
    return true
  } catch {
    return false
  }
}

const hasRedis = await redisAnswers()

const stores = [
  { name: 'PostgreSQL (no REDIS_URL)', env: {} as Record<string, string>, skip: false },
  { name: 'Redis', env: { REDIS_URL }, skip: !hasRedis },
]

describe.each(stores)('sign-in throttling in $name', ({ env, skip }) => {
  it.skipIf(skip)(
    'makes a (phone, address) pair wait after five failures, with a growing wait, while the right password from another address still works',
    async () => {
      const app = await appWith(env)
      const attacker = freshAddress()
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await login(app, DEMO.handler, `wrong-${i}`, attacker)).statusCode)
      expect(statuses).toEqual([401, 401, 401, 401, 401])
      const waits: number[] = []
      for (let i = 0; i < 3; i++) {
        const refused = await login(app, DEMO.handler, 'wrong-again', attacker)
        expect(refused.statusCode).toBe(429)
        expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
        waits.push(Number(refused.headers['retry-after']))
      }
      expect(waits[0]).toBeGreaterThan(0)
      expect(waits[1]).toBeGreaterThan(waits[0]!)
      expect(waits[2]).toBeGreaterThan(waits[1]!)
      // The attacker's pair waits, even with the right password…
      expect((await login(app, DEMO.handler, DEMO_PASSWORD, attacker)).statusCode).toBe(429)
      // …while the phone's owner, from their own address, is not locked out.
      expect((await login(app, DEMO.handler, DEMO_PASSWORD, freshAddress())).statusCode).toBe(200)
    },
  )

  it.skipIf(skip)('caps failures per address over many phones, and a success is not counted against it', async () => {
    const app = await appWith(env)
    const office = freshAddress()
    expect((await login(app, DEMO.manager, DEMO_PASSWORD, office)).statusCode).toBe(200)
    const statuses: number[] = []
    for (let i = 0; i < 31; i++)
      statuses.push((await login(app, `139000001${String(i).padStart(2, '0')}`, 'x', office)).statusCode)
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true)
    expect(statuses[30]).toBe(429)
    // Another address is untouched.
    expect((await login(app, '13900000199', 'x', freshAddress())).statusCode).toBe(401)
  })

  it.skipIf(skip)('shares the counters between two instances', async () => {
    const [one, two] = [await appWith(env), await appWith(env)]
    const attacker = freshAddress()
    for (let i = 0; i < 3; i++) expect((await login(one, DEMO.handler, `wrong-${i}`, attacker)).statusCode).toBe(401)
    for (let i = 3; i < 5; i++) expect((await login(two, DEMO.handler, `wrong-${i}`, attacker)).statusCode).toBe(401)
    expect((await login(one, DEMO.handler, 'wrong-6', attacker)).statusCode).toBe(429)
  })
})

describe('the client address and TRUST_PROXY', () => {
  const lastLoginAddress = (phone: string) =>
    withClient(
      async (c) =>
        (
          await c.query<{ address: string }>(
            `select host(a.address::inet) address from audit_log a join users u on a.entity_id = u.id::text
      where a.entity = 'session' and a.action = 'auth.login' and u.phone = $1 order by a.id desc limit 1`,
            [phone],
          )
        ).rows[0]!.address,
    )

  it('ignores X-Forwarded-For by default: a rotating header neither escapes the throttle nor reaches audit_log', async () => {
    const app = await appWith()
    const socket = freshAddress()
    const statuses: number[] = []
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await login(app, DEMO.handler, `wrong-${i}`, socket, { 'x-forwarded-for': `198.51.100.${i + 1}` })).statusCode,
      )
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
    expect(
      (await login(app, DEMO.supervisor, DEMO_PASSWORD, socket, { 'x-forwarded-for': '198.51.100.77' })).statusCode,
    ).toBe(200)
    expect(await lastLoginAddress(DEMO.supervisor)).toBe(socket)
  })

  it('takes the address from X-Forwarded-For with TRUST_PROXY=1', async () => {
    const app = await appWith({ TRUST_PROXY: '1' })
    const proxy = freshAddress()
    const client = `198.51.${runTag}.9`
    expect((await login(app, DEMO.supervisor, DEMO_PASSWORD, proxy, { 'x-forwarded-for': client })).statusCode).toBe(
      200,
    )
    expect(await lastLoginAddress(DEMO.supervisor)).toBe(client)
    // Each forwarded client has its own pair behind the one proxy.
    for (let i = 0; i < 5; i++)
      expect(
        (await login(app, DEMO.handler, `wrong-${i}`, proxy, { 'x-forwarded-for': `198.51.${runTag}.10` })).statusCode,
      ).toBe(401)
    expect(
      (await login(app, DEMO.handler, 'wrong-6', proxy, { 'x-forwarded-for': `198.51.${runTag}.10` })).statusCode,
    ).toBe(429)
    expect(
      (await login(app, DEMO.handler, DEMO_PASSWORD, proxy, { 'x-forwarded-for': `198.51.${runTag}.11` })).statusCode,
    ).toBe(200)
  })

  it('trusts only the listed proxies with TRUST_PROXY=<addresses>', async () => {
    const app = await appWith({ TRUST_PROXY: '192.0.2.1, 10.250.0.0/16' })
    expect(
      (await login(app, DEMO.supervisor, DEMO_PASSWORD, freshAddress(), { 'x-forwarded-for': '198.51.100.200' }))
        .statusCode,
    ).toBe(200)
    expect(await lastLoginAddress(DEMO.supervisor)).not.toBe('198.51.100.200')
    expect(
      (await login(app, DEMO.supervisor, DEMO_PASSWORD, '10.250.3.4', { 'x-forwarded-for': '198.51.100.201' }))
        .statusCode,
    ).toBe(200)
    expect(await lastLoginAddress(DEMO.supervisor)).toBe('198.51.100.201')
  })
})

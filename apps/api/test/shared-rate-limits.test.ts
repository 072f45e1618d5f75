import { randomInt } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, buildTestApp, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { REDIS_URL, redisAvailable } from './live-client.ts'
import { issueKey } from './open311/fixtures.ts'

// The Open311 budgets behind several instances: a key's rate a minute and the public reads' limit per address are
// counted once, in the counters every instance shares (Redis with REDIS_URL, else PostgreSQL's rate_counters), not
// once per instance. Two apps on one database play two instances behind a proxy.

let admin: SignedInApp
beforeAll(async () => {
  admin = await signedInApp(DEMO.admin)
})
const apps: FastifyInstance[] = []
afterAll(async () => {
  await Promise.all([admin.close(), ...apps.map((app) => app.close())])
})

/**
 * A fresh client address per test and run: Redis keeps a window for a minute, and runs on one machine share it. Each
 * group is 0x1000–0xffff, the canonical form.
 */
const group = () => (0x1000 + randomInt(0xf000)).toString(16)
const freshAddress = () => `fd${randomInt(0x10, 0x100).toString(16)}:${group()}:${group()}:${group()}::1`

const keyRefusals = (keyId: number) =>
  withClient(
    async (c) =>
      (
        await c.query<{ n: number }>(
          `select count(*)::int n from audit_log
           where entity = 'open311_key' and entity_id = $1 and action = 'open311_key.refused' and after->>'reason' = 'rate_limited'`,
          [String(keyId)],
        )
      ).rows[0]!.n,
  )

const stores = [
  { name: 'PostgreSQL (no REDIS_URL)', redisUrl: undefined, skip: false },
  { name: 'Redis', redisUrl: REDIS_URL, skip: !(await redisAvailable()) },
]

describe.each(stores)('Open311 limits over two instances, counted in $name', ({ redisUrl, skip }) => {
  const twoInstances = async () => {
    const pair = [await buildTestApp({ redisUrl }), await buildTestApp({ redisUrl })] as const
    apps.push(...pair)
    return pair
  }

  it.skipIf(skip)(
    'holds a key to its rate a minute whichever instance a request lands on, with one refusal audited',
    async () => {
      const [a, b] = await twoInstances()
      const { key, id } = await issueKey(admin, { rateLimitPerMinute: 3 })
      const remoteAddress = freshAddress()
      const read = (app: FastifyInstance) =>
        app.inject({ url: `/open311/v2/services.json?api_key=${key}`, remoteAddress })
      // Per instance each would still have budget left: a budget per process would answer 200 to all five.
      const statuses = [(await read(a)).statusCode, (await read(b)).statusCode, (await read(a)).statusCode]
      const refusedOnB = await read(b)
      const refusedOnA = await read(a)
      expect([...statuses, refusedOnB.statusCode, refusedOnA.statusCode]).toEqual([200, 200, 200, 429, 429])
      const wait = Number(refusedOnB.headers['retry-after'])
      expect(wait).toBeGreaterThan(0)
      expect(wait).toBeLessThanOrEqual(60)
      expect(await keyRefusals(id)).toBe(1)
    },
  )

  it.skipIf(skip)(
    "limits an address's public reads of a route once over both instances, and no other address",
    async () => {
      const [a, b] = await twoInstances()
      const remoteAddress = freshAddress()
      const discovery = (app: FastifyInstance, from = remoteAddress) =>
        app.inject({ url: '/open311/v2/discovery.json', remoteAddress: from })
      // The routes' limit is 600 reads a minute per address (READ_RATE): half on each instance spends it.
      const statuses = new Map<number, number>()
      for (let i = 0; i < 600; i++) {
        const { statusCode } = await discovery(i % 2 === 0 ? a : b)
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1)
      }
      expect(Object.fromEntries(statuses)).toEqual({ 200: 600 })
      const refused = await discovery(b)
      expect(refused.statusCode).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect((await discovery(a)).statusCode).toBe(429)
      // Another route and another address have budgets of their own.
      expect((await a.inject({ url: '/open311/v2/services.json', remoteAddress })).statusCode).toBe(200)
      expect((await discovery(a, freshAddress())).statusCode).toBe(200)
    },
  )
})

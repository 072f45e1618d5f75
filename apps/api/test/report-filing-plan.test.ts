import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp } from './helper.ts'

// Reports are filed on connections that plan the filing statement once (database.ts, GENERIC_PLAN_POOL): with one
// report in its arrays PostgreSQL would otherwise plan it again on every execution, half of what each one costs.
// The embedded database has one connection and no named statements, so there is nothing to look at there.
const onRealDatabase = !inject('embeddedDatabase')

describe.skipIf(!onRealDatabase)('the report filing statement', () => {
  const worker = onRealDatabase ? signedInApp(DEMO.worker) : undefined
  afterAll(async () => (await worker)?.close())

  it('is planned once per connection, one report at a time, while the main pool keeps plans made for the values at hand', async () => {
    const { app, inject: send } = (await worker)!
    const here = await pointInGrid('370705002001001')
    for (let i = 0; i < 8; i++) {
      const form = multipart({
        clientId: randomUUID(),
        categoryCode: 'C0301',
        description: `垃圾箱满溢 ${i}`,
        lng: String(here.lng),
        lat: String(here.lat),
      })
      expect((await send({ method: 'POST', url: '/api/incidents', ...form })).statusCode).toBe(201)
    }

    // Every open connection of the filing pool, each asked about the statements it has prepared.
    const clients = await Promise.all(
      Array.from({ length: app.genericPlanPool.totalCount }, () => app.genericPlanPool.connect()),
    )
    try {
      const plans = await Promise.all(
        clients.map(
          async (c) =>
            (
              await c.query<{ generic: string; custom: string }>(
                `select generic_plans::text generic, custom_plans::text custom from pg_prepared_statements where name = 'incidents_file_reports'`,
              )
            ).rows,
        ),
      )
      const filing = plans.flat()
      expect(filing.length).toBeGreaterThan(0)
      expect(filing.reduce((n, p) => n + Number(p.generic), 0)).toBe(8)
      expect(filing.every((p) => p.custom === '0')).toBe(true)
    } finally {
      for (const c of clients) c.release()
    }
    expect(
      (await app.pg.pool.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows[0]!.plan_cache_mode,
    ).toBe('auto')
  })
})

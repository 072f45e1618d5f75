import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { DEMO, multipart, pointInGrid, signedInApp, withClient } from './helper.ts'

// Case numbers come from two alternating sequences, restarted by each day's first report (migration 0010).
const worker = await signedInApp(DEMO.worker)
afterAll(() => worker.close())

/**
 * A day years from now whose parity differs from today's (3651 is odd): restarting its sequence cannot touch
 * today's numbers. Each test takes its own (`nth`); the test database starts empty on every run.
 */
async function dayOfOtherParity(nth: number): Promise<string> {
  return withClient(async (c) => {
    const {
      rows: [row],
    } = await c.query<{ day: string }>(
      `
      select to_char(d, 'YYYY-MM-DD') as day from (select (now() at time zone 'Asia/Shanghai')::date + 3651 + $1::int as d) x`,
      [nth * 2],
    )
    return row!.day
  })
}

async function reportNumber(): Promise<number> {
  const here = await pointInGrid('370705002001001')
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: 'E0101',
    description: '编号',
    lng: String(here.lng),
    lat: String(here.lat),
  })
  const res = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
  expect(res.statusCode, res.body).toBe(201)
  return Number(res.json<{ caseNumber: string }>().caseNumber.split('-')[2])
}

describe('case numbers', () => {
  it("numbers a day's reports one after another, and a retry takes no number", async () => {
    const first = await reportNumber()
    const here = await pointInGrid('370705002001001')
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '重试',
      lng: String(here.lng),
      lat: String(here.lat),
    })
    const once = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
    const again = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
    expect([once.statusCode, again.statusCode]).toEqual([201, 200])
    expect(Number(once.json<{ caseNumber: string }>().caseNumber.split('-')[2])).toBe(first + 1)
    expect(await reportNumber()).toBe(first + 2)
  })

  it('takes no number for a point outside the street', async () => {
    const before = await reportNumber()
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '街道外',
      lng: '116.39',
      lat: '39.91',
    })
    const outside = await worker.inject({ method: 'POST', url: '/api/incidents', ...form })
    expect(outside.statusCode).toBe(422)
    expect(await reportNumber()).toBe(before + 1)
  })

  it("starts a new day at 1, once, and leaves the other day's sequence alone", async () => {
    const day = await dayOfOtherParity(1)
    const today = await reportNumber()
    const drawn = await withClient(async (c) => {
      const numbers: number[] = []
      for (let i = 0; i < 3; i++)
        numbers.push(Number((await c.query(`select next_case_number($1::date) n`, [day])).rows[0].n))
      return numbers
    })
    expect(drawn).toEqual([1, 2, 3])
    expect(await reportNumber()).toBe(today + 1)
  })

  it('carries a seeded day on after its last number, never back', async () => {
    const day = await dayOfOtherParity(2)
    const next = (last: number | null) =>
      withClient(async (c) => {
        if (last !== null) await c.query(`select continue_case_numbers($1::date, $2)`, [day, last])
        return Number((await c.query(`select next_case_number($1::date) n`, [day])).rows[0].n)
      })
    expect(await next(41)).toBe(42)
    expect(await next(7)).toBe(43)
  })

  // The embedded database has one connection: nothing there can race.
  it.skipIf(inject('embeddedDatabase'))(
    'gives the first reports of a day, racing each other, 1 … n exactly',
    async () => {
      const day = await dayOfOtherParity(3)
      const numbers = await Promise.all(
        Array.from({ length: 10 }, () =>
          withClient(async (c) => {
            await c.query('begin')
            const n = Number((await c.query(`select next_case_number($1::date) n`, [day])).rows[0].n)
            await new Promise((r) => setTimeout(r, 20)) // hold the transaction open, as a report's insert would
            await c.query('commit')
            return n
          }),
        ),
      )
      expect(numbers.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      expect(
        await withClient(
          async (c) =>
            (await c.query(`select count(*)::int n from case_number_days where day = $1::date`, [day])).rows[0].n,
        ),
      ).toBe(1)
    },
  )
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { hotlineOrder } from './hotline-fixtures.ts'

/**
 * The four hotline indicators over a hand-made set: seven orders received on 2025-03-03 (a Monday), each given its
 * times by hand, the expected figures worked out below by reading the definitions (hotline-indicators.ts), not
 * by running them.
 */
let admin: SignedInApp
let supervisor: SignedInApp

interface Made {
  signed?: string
  returned?: string
  firstReplied?: string
  revisit?: 'satisfied' | 'basically_satisfied' | 'dissatisfied'
  redo?: number
  status: string
  signDue?: string
  finishDue?: string
}

const RECEIVED = '2025-03-03T09:00:00+08:00'
const SIGN_DUE = '2025-03-03T11:00:00+08:00'
const FINISH_DUE = '2025-03-10T09:00:00+08:00'
const FUTURE = new Date(Date.now() + 10 * 86_400_000).toISOString()

const SET: Record<string, Made> = {
  // signed on time, answered on time, satisfied
  A: {
    signed: '2025-03-03T09:30:00+08:00',
    firstReplied: '2025-03-05T15:00:00+08:00',
    revisit: 'satisfied',
    status: 'finished',
  },
  // signed late, answered late, basically satisfied after one rework
  B: {
    signed: '2025-03-03T11:30:00+08:00',
    firstReplied: '2025-03-11T10:00:00+08:00',
    revisit: 'basically_satisfied',
    redo: 1,
    status: 'finished',
  },
  // never signed, past both due times: counted against both
  C: { status: 'received' },
  // returned before the sign-for due time: a timely first answer; not the street's to finish
  D: { returned: '2025-03-03T10:15:00+08:00', status: 'returned' },
  // signed and answered on time, dissatisfied: back in rework
  E: {
    signed: '2025-03-03T10:50:00+08:00',
    firstReplied: '2025-03-07T17:00:00+08:00',
    revisit: 'dissatisfied',
    redo: 1,
    status: 'signed',
  },
  // signed and answered on time, satisfied
  F: {
    signed: '2025-03-03T09:05:00+08:00',
    firstReplied: '2025-03-10T09:00:00+08:00',
    revisit: 'satisfied',
    status: 'finished',
  },
  // still within both limits, untouched: counted nowhere but in `received`
  G: { status: 'received', signDue: FUTURE, finishDue: FUTURE },
}

beforeAll(async () => {
  admin = await signedInApp(DEMO.admin)
  supervisor = await signedInApp(DEMO.supervisor)
  const point = await pointInGrid('370705002001001')
  const elsewhere = await pointInGrid('370705002009001')
  for (const [name, made] of Object.entries(SET)) {
    // G lies in community 009: out of the community supervisor's scope.
    const res = await admin.inject({
      method: 'POST',
      url: '/api/hotline/orders',
      payload: hotlineOrder(name === 'G' ? elsewhere : point),
    })
    const { order } = res.json()
    await withClient((c) =>
      c.query(
        `update hotline_orders set received_at = $2, sign_due_at = $3, finish_due_at = $4, signed_at = $5, returned_at = $6,
           first_replied_at = $7, replied_at = $7, revisit_result = $8, revisited_at = case when $8::text is null then null else $7::timestamptz + interval '1 day' end,
           redo_count = $9, status = $10
         where id = $1`,
        [
          order.id,
          RECEIVED,
          made.signDue ?? SIGN_DUE,
          made.finishDue ?? FINISH_DUE,
          made.signed ?? null,
          made.returned ?? null,
          made.firstReplied ?? null,
          made.revisit ?? null,
          made.redo ?? 0,
          made.status,
        ],
      ),
    )
  }
})
afterAll(async () => {
  await Promise.all([admin.close(), supervisor.close()])
})

const DAY = 'from=2025-03-03T00:00:00%2B08:00&to=2025-03-04T00:00:00%2B08:00'

describe('hotline indicators', () => {
  it('equal the hand-computed figures over the hand-made set', async () => {
    const res = await admin.inject(`/api/stats/hotline?${DAY}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      received: 7,
      // counted: A B C D E F (G is inside its limit); on time: A, D (returned at 10:15), E, F
      signCounted: 6,
      signedOnTime: 4,
      signOnTimeRate: 4 / 6,
      // counted: A B C E F (D returned, G inside its limit); on time: A, E, F (exactly at the due time counts)
      finishCounted: 5,
      finishedOnTime: 3,
      finishOnTimeRate: 3 / 5,
      // revisited: A B E F; satisfied or basically: A B F
      revisited: 4,
      satisfied: 3,
      satisfactionRate: 3 / 4,
      // sent back to rework at least once: B E
      redone: 2,
      redoRate: 2 / 4,
    })
  })

  it('count only what the reader may see, and nothing outside the period', async () => {
    const scoped = (await supervisor.inject(`/api/stats/hotline?${DAY}`)).json()
    expect(scoped.received).toBe(6)
    expect(scoped.signCounted).toBe(6)
    const before = (
      await admin.inject('/api/stats/hotline?from=2025-03-02T00:00:00%2B08:00&to=2025-03-03T00:00:00%2B08:00')
    ).json()
    expect(before).toMatchObject({ received: 0, signOnTimeRate: null, satisfactionRate: null })
  })

  it('refuse a period that ends before it starts', async () => {
    const res = await admin.inject('/api/stats/hotline?from=2025-03-04T00:00:00%2B08:00&to=2025-03-03T00:00:00%2B08:00')
    expect(res.statusCode).toBe(400)
  })
})

import { describe, expect, it } from 'vitest'
import {
  HOTLINE_ORDER_STATUSES,
  hotlineStepProblem,
  hotlineStepsAllowed,
  orderStatusAfter,
  REVISIT_REWORK_STATE,
  type HotlineOrderStatus,
  type HotlineStep,
} from '../src/index.ts'

/** Written by hand from the issue: what the street may answer the city, from where, independently of the table. */
const LEGAL: Record<HotlineOrderStatus, HotlineStep[]> = {
  received: ['sign', 'return'],
  signed: ['reply', 'return'],
  replied: ['revisit'],
  finished: [],
  returned: [],
}

describe('a hotline order’s steps', () => {
  it('allow from each order status exactly the steps the issue names, 回单 only on a closed case', () => {
    for (const status of HOTLINE_ORDER_STATUSES) {
      expect(hotlineStepsAllowed(status, 'closed'), status).toEqual(LEGAL[status])
      expect(hotlineStepsAllowed(status, 'in_progress'), status).toEqual(LEGAL[status].filter((s) => s !== 'reply'))
    }
  })

  it('say in zh-CN why a step is refused', () => {
    expect(hotlineStepProblem('sign', 'returned', 'reported')).toMatch(/^工单已退单，不能签收/)
    expect(hotlineStepProblem('reply', 'signed', 'dispatched')).toMatch(/^案件结案后才能回单/)
    expect(hotlineStepProblem('revisit', 'replied', 'closed')).toBeUndefined()
  })

  it('finish an order on a satisfied revisit and hand it back to the street on a dissatisfied one', () => {
    expect(orderStatusAfter('revisit', 'satisfied')).toBe('finished')
    expect(orderStatusAfter('revisit', 'basically_satisfied')).toBe('finished')
    expect(orderStatusAfter('revisit', 'dissatisfied')).toBe('signed')
    expect(orderStatusAfter('return')).toBe('returned')
  })

  it('send a dissatisfied revisit’s case where a failed verification sends it', () => {
    expect(REVISIT_REWORK_STATE).toBe('dispatched')
  })
})

import { describe, expect, it } from 'vitest'
import { checkAuditItems, planRectifications, type SixHaveCode } from '../src/index.ts'
import { sheet } from './fixtures.ts'

const withDates = (failing: Partial<Record<SixHaveCode, number>>, dueOn: string) =>
  checkAuditItems(sheet(failing).map((i) => (i.passed ? i : { ...i, rectifyBy: dueOn }))).items!

describe('planRectifications', () => {
  it('opens a task for each failed item given a date', () => {
    expect(planRectifications(new Set(), withDates({ signage: 5, rules: 3 }, '2026-12-31'))).toEqual({
      close: [],
      open: [
        { code: 'rules', dueOn: '2026-12-31' },
        { code: 'signage', dueOn: '2026-12-31' },
      ],
    })
  })

  it('opens none for a failed item without a date', () => {
    expect(planRectifications(new Set(), checkAuditItems(sheet({ signage: 5 })).items!)).toEqual({
      close: [],
      open: [],
    })
  })

  it('keeps the first deadline when the item fails again, and closes a task when its item passes', () => {
    expect(
      planRectifications(new Set<SixHaveCode>(['signage', 'venue']), withDates({ signage: 5 }, '2027-01-31')),
    ).toEqual({ close: ['venue'], open: [] })
  })
})

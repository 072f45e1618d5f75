import { describe, expect, it } from 'vitest'
import { checkAuditItems, SIX_HAVE_CODES } from '../src/index.ts'
import { sheet } from './fixtures.ts'

describe('checkAuditItems', () => {
  it('accepts a whole sheet and returns it in the standard order', () => {
    const result = checkAuditItems([...sheet({ signage: 5 })].reverse())
    expect(result.problems).toEqual([])
    expect(result.items?.map((i) => i.code)).toEqual(SIX_HAVE_CODES)
    expect(result.items?.find((i) => i.code === 'signage')).toEqual({
      code: 'signage',
      passed: false,
      deduction: 5,
      note: null,
      rectifyBy: null,
    })
  })

  it('refuses a sheet with an item missing and names it', () => {
    const result = checkAuditItems(sheet().filter((i) => i.code !== 'staffing'))
    expect(result.items).toBeNull()
    expect(result.problems.map((p) => p.field)).toEqual(['items'])
    expect(result.problems[0]?.message).toContain('staffing')
  })

  it('refuses an unknown item and an item listed twice', () => {
    const result = checkAuditItems([
      ...sheet(),
      { code: 'parking', passed: true, deduction: 0 },
      { code: 'venue', passed: true, deduction: 0 },
    ])
    expect(result.problems.map((p) => p.field)).toEqual(['items.6.code', 'items.7.code'])
  })

  it('refuses a failed item without a deduction, a deduction past the item’s share, and a fraction', () => {
    const items = sheet()
    items[0] = { code: 'funding', passed: false, deduction: 0 }
    items[1] = { code: 'venue', passed: false, deduction: 21 }
    items[2] = { code: 'rules', passed: true, deduction: 1.5 }
    expect(checkAuditItems(items).problems.map((p) => p.field)).toEqual([
      'items.0.deduction',
      'items.1.deduction',
      'items.2.deduction',
    ])
  })

  it('takes a rectification date only on a failed item, and only a real date', () => {
    const items = sheet({ signage: 4 })
    items[4] = { ...items[4]!, rectifyBy: '2026-12-15' }
    expect(checkAuditItems(items).items?.[4]?.rectifyBy).toBe('2026-12-15')
    items[0] = { ...items[0]!, rectifyBy: '2026-12-15' }
    items[4] = { ...items[4]!, rectifyBy: 'soon' }
    expect(checkAuditItems(items).problems.map((p) => p.field)).toEqual(['items.0.rectifyBy', 'items.4.rectifyBy'])
  })
})

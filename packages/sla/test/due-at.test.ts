import { describe, expect, it } from 'vitest'
import { dueAt, type TimeLimit } from '../src/index.ts'
import { at, china2026, show } from './shanghai-time.ts'

describe('dueAt', () => {
  it('counts an hours limit in working hours and a days limit in working days', () => {
    const calendar = china2026()
    expect(show(dueAt(calendar, at('2026-09-30 16:00'), { unit: 'hours', amount: 4 }))).toBe('2026-10-08 11:00')
    expect(show(dueAt(calendar, at('2026-09-30 16:00'), { unit: 'days', amount: 2 }))).toBe('2026-10-09 16:00')
  })

  it('refuses a unit it does not know', () => {
    const limit = { unit: 'weeks', amount: 1 } as unknown as TimeLimit
    expect(() => dueAt(china2026(), at('2026-09-30 16:00'), limit)).toThrow(RangeError)
  })
})

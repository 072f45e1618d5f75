import { describe, expect, it } from 'vitest'
import { parseCalendarYear, type CalendarYearResult } from '../src/index.ts'

function kinds(result: CalendarYearResult): string[] {
  return result.ok ? [] : result.problems.map((p) => `${p.kind}@${String(p.index)}`)
}

describe('parseCalendarYear', () => {
  it('accepts a valid year, sorted by date, notes trimmed and blank notes dropped', () => {
    const result = parseCalendarYear(2026, [
      { date: '2026-10-10', working: true, note: ' 国庆调休 ' },
      { date: '2026-10-01', working: false, note: '国庆节' },
      { date: '2026-10-02', working: false, note: '' },
      { date: '2026-10-03', working: false, note: null },
      { date: '2026-10-04', working: false },
    ])
    expect(result).toEqual({
      ok: true,
      days: [
        { date: '2026-10-01', working: false, note: '国庆节' },
        { date: '2026-10-02', working: false, note: null },
        { date: '2026-10-03', working: false, note: null },
        { date: '2026-10-04', working: false, note: null },
        { date: '2026-10-10', working: true, note: '国庆调休' },
      ],
    })
  })

  it('accepts an empty year: plain Monday–Friday', () => {
    expect(parseCalendarYear(2027, [])).toEqual({ ok: true, days: [] })
  })

  it('refuses what is not a list of days, and a nonsense year', () => {
    expect(kinds(parseCalendarYear(2026, { date: '2026-10-01', working: false }))).toEqual(['NOT_A_LIST@null'])
    expect(
      kinds(
        parseCalendarYear(
          2026,
          Array.from({ length: 367 }, () => ({})),
        ),
      ),
    ).toEqual(['TOO_MANY_DAYS@null'])
    expect(kinds(parseCalendarYear(26, []))).toEqual(['INVALID_YEAR@null'])
  })

  it('names every bad entry by position', () => {
    const result = parseCalendarYear(2026, [
      'x',
      { date: '2026-02-30', working: false },
      { date: '2026/10/01', working: false },
      { date: '2027-01-01', working: false },
      { date: '2026-10-01', working: 'no' },
      { date: '2026-10-02', working: false, note: 7 },
      { date: '2026-10-03', working: false, note: '长'.repeat(101) },
      { date: '2026-10-04', working: false, workng: true },
      { date: '2026-10-05', working: false },
      { date: '2026-10-05', working: true },
    ])
    expect(kinds(result)).toEqual([
      'NOT_AN_OBJECT@0',
      'INVALID_DATE@1',
      'INVALID_DATE@2',
      'OUTSIDE_YEAR@3',
      'INVALID_WORKING@4',
      'INVALID_NOTE@5',
      'INVALID_NOTE@6',
      'UNKNOWN_FIELD@7',
      'DUPLICATE_DATE@9',
    ])
  })

  it('writes each message in Chinese and English', () => {
    const result = parseCalendarYear(2026, [
      { date: '2026-10-05', working: false },
      { date: '2026-10-05', working: true },
    ])
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems[0]).toMatchObject({ kind: 'DUPLICATE_DATE', index: 1, date: '2026-10-05' })
    expect(result.problems[0]!.message).toMatch(/重复.*\/ duplicate date/)
  })
})

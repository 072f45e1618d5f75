import { describe, expect, it } from 'vitest'
import { addWorkingDays, addWorkingHours, workingHoursBetween } from '../src/index.ts'
import { at, china2026, mondayToFriday, seededRandom, show } from './shanghai-time.ts'

// 2026-03-10 is an ordinary Tuesday.

describe('addWorkingDays around the working day', () => {
  it.each([
    ['2026-03-10 00:00', '2026-03-11 17:30'],
    ['2026-03-10 08:29', '2026-03-11 17:30'],
    ['2026-03-10 08:30', '2026-03-11 17:30'],
    ['2026-03-10 08:31', '2026-03-12 08:31'],
    ['2026-03-10 10:00', '2026-03-12 10:00'],
    ['2026-03-10 11:59', '2026-03-12 11:59'],
    ['2026-03-10 12:00', '2026-03-12 13:30'],
    ['2026-03-10 13:29', '2026-03-12 13:30'],
    ['2026-03-10 13:30', '2026-03-12 13:30'],
    ['2026-03-10 17:29', '2026-03-12 17:29'],
    ['2026-03-10 17:30', '2026-03-12 17:30'],
    ['2026-03-10 17:31', '2026-03-12 17:30'],
    ['2026-03-10 23:59', '2026-03-12 17:30'],
  ])('two working days from %s are due %s', (start, due) => {
    expect(show(addWorkingDays(mondayToFriday(), at(start), 2))).toBe(due)
  })

  it('gives a start before opening the whole of that day as day 1', () => {
    expect(show(addWorkingDays(mondayToFriday(), at('2026-03-10 07:00'), 1))).toBe('2026-03-10 17:30')
  })

  it('returns the start itself for zero days', () => {
    expect(show(addWorkingDays(mondayToFriday(), at('2026-03-14 10:00'), 0))).toBe('2026-03-14 10:00')
  })

  it('refuses fractional and negative days', () => {
    for (const days of [1.5, -1, Number.NaN]) {
      expect(() => addWorkingDays(mondayToFriday(), at('2026-03-10 10:00'), days)).toThrow(RangeError)
    }
  })
})

describe('addWorkingDays: 2 working days against 5', () => {
  it.each([
    ['an ordinary Tuesday morning', '2026-03-10 10:00', '2026-03-12 10:00', '2026-03-17 10:00'],
    ['a Friday afternoon', '2026-03-13 16:00', '2026-03-17 16:00', '2026-03-20 16:00'],
    ['a Saturday', '2026-03-14 10:00', '2026-03-17 17:30', '2026-03-20 17:30'],
    ['the eve of the golden week', '2026-09-30 10:00', '2026-10-09 10:00', '2026-10-13 10:00'],
    ['the eve of the golden week, after hours', '2026-09-30 18:00', '2026-10-09 17:30', '2026-10-13 17:30'],
    ['the first day of the golden week', '2026-10-01 10:00', '2026-10-09 17:30', '2026-10-13 17:30'],
    ['the make-up Saturday', '2026-10-10 10:00', '2026-10-13 10:00', '2026-10-16 10:00'],
    ['the Sunday after the make-up Saturday', '2026-10-11 10:00', '2026-10-13 17:30', '2026-10-16 17:30'],
    ['the Friday before the make-up Sunday', '2026-09-18 10:00', '2026-09-21 10:00', '2026-09-24 10:00'],
  ])('dispatched on %s (%s): due %s in 2 days, %s in 5', (_, start, dueIn2, dueIn5) => {
    expect(show(addWorkingDays(china2026(), at(start), 2))).toBe(dueIn2)
    expect(show(addWorkingDays(china2026(), at(start), 5))).toBe(dueIn5)
  })

  it('counts the make-up Sunday as a working day', () => {
    expect(show(addWorkingDays(china2026(), at('2026-09-18 10:00'), 1))).toBe('2026-09-20 10:00')
    expect(show(addWorkingDays(mondayToFriday(), at('2026-09-18 10:00'), 1))).toBe('2026-09-21 10:00')
  })

  it('skips the mid-autumn holiday between the make-up Sunday and the golden week', () => {
    expect(show(addWorkingDays(china2026(), at('2026-09-24 10:00'), 2))).toBe('2026-09-29 10:00')
  })
})

describe('addWorkingDays and working hours', () => {
  it('always leaves exactly 7.5 working hours per day between start and due time (seeded random starts)', () => {
    const calendar = china2026()
    const random = seededRandom(20261001)
    const yearStart = at('2026-01-01 00:00').getTime()
    for (let i = 0; i < 500; i += 1) {
      const start = new Date(yearStart + Math.floor(random() * 330 * 86_400_000))
      const days = 1 + Math.floor(random() * 6)
      expect(workingHoursBetween(calendar, start, addWorkingDays(calendar, start, days)), show(start)).toBe(days * 7.5)
    }
  })

  it('agrees with addWorkingHours(7.5 n) outside the lunch break', () => {
    const calendar = china2026()
    for (const start of [
      '2026-09-30 10:00',
      '2026-09-30 16:45',
      '2026-10-03 12:00',
      '2026-10-09 08:00',
      '2026-10-09 20:00',
    ]) {
      expect(show(addWorkingDays(calendar, at(start), 2))).toBe(show(addWorkingHours(calendar, at(start), 15)))
    }
  })
})

import { describe, expect, it } from 'vitest'
import { addWorkingHours } from '../src/index.ts'
import { at, china2026, mondayToFriday, show } from './shanghai-time.ts'

// 2026-03-10 is an ordinary Tuesday; 2026-03-13 a Friday.

describe('addWorkingHours around the working day', () => {
  it.each([
    ['2026-03-10 00:00', '2026-03-10 09:30'],
    ['2026-03-10 08:29', '2026-03-10 09:30'],
    ['2026-03-10 08:30', '2026-03-10 09:30'],
    ['2026-03-10 11:59', '2026-03-10 14:29'],
    ['2026-03-10 12:00', '2026-03-10 14:30'],
    ['2026-03-10 13:29', '2026-03-10 14:30'],
    ['2026-03-10 13:30', '2026-03-10 14:30'],
    ['2026-03-10 17:29', '2026-03-11 09:29'],
    ['2026-03-10 17:30', '2026-03-11 09:30'],
    ['2026-03-10 17:31', '2026-03-11 09:30'],
    ['2026-03-10 23:59', '2026-03-11 09:30'],
  ])('one working hour from %s is %s', (start, due) => {
    expect(show(addWorkingHours(mondayToFriday(), at(start), 1))).toBe(due)
  })

  it.each([
    ['2026-03-10 08:30', 3.5, '2026-03-10 12:00'],
    ['2026-03-10 08:30', 4, '2026-03-10 14:00'],
    ['2026-03-10 13:30', 4, '2026-03-10 17:30'],
    ['2026-03-10 08:29', 7.5, '2026-03-10 17:30'],
    ['2026-03-10 08:30', 7.5, '2026-03-10 17:30'],
    ['2026-03-10 08:31', 7.5, '2026-03-11 08:31'],
    ['2026-03-10 10:00', 15, '2026-03-12 10:00'],
  ])('ends at the first instant the time is used up: %s + %s h = %s', (start, hours, due) => {
    expect(show(addWorkingHours(mondayToFriday(), at(start), hours))).toBe(due)
  })

  it('does not count lunch', () => {
    expect(show(addWorkingHours(mondayToFriday(), at('2026-03-10 11:00'), 2))).toBe('2026-03-10 14:30')
    expect(show(addWorkingHours(mondayToFriday(), at('2026-03-10 12:30'), 0.5))).toBe('2026-03-10 14:00')
  })
})

describe('addWorkingHours with zero and fractional hours', () => {
  it('returns the start itself for zero hours, in or out of working time', () => {
    for (const start of ['2026-03-10 10:00', '2026-03-10 12:30', '2026-03-10 20:00', '2026-03-14 10:00']) {
      expect(show(addWorkingHours(mondayToFriday(), at(start), 0))).toBe(start)
    }
  })

  it('honours fractions of an hour to the millisecond', () => {
    const calendar = mondayToFriday()
    expect(show(addWorkingHours(calendar, at('2026-03-10 11:45'), 0.5))).toBe('2026-03-10 13:45')
    expect(show(addWorkingHours(calendar, at('2026-03-10 08:30'), 0.25))).toBe('2026-03-10 08:45')
    expect(show(addWorkingHours(calendar, at('2026-03-10 08:30'), 1 / 3))).toBe('2026-03-10 08:50')
    expect(show(addWorkingHours(calendar, at('2026-03-10 17:29'), 1 / 60))).toBe('2026-03-10 17:30')
    expect(show(addWorkingHours(calendar, at('2026-03-10 17:29:30'), 1 / 60))).toBe('2026-03-11 08:30:30.000')
    expect(show(addWorkingHours(calendar, at('2026-03-10 08:30'), 0.0001))).toBe('2026-03-10 08:30:00.360')
  })

  it('refuses negative, infinite and NaN hours and invalid dates', () => {
    const calendar = mondayToFriday()
    for (const hours of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingHours(calendar, at('2026-03-10 10:00'), hours)).toThrow(RangeError)
    }
    expect(() => addWorkingHours(calendar, new Date('nonsense'), 1)).toThrow(RangeError)
  })
})

describe('addWorkingHours across non-working days', () => {
  it('skips a weekend', () => {
    expect(show(addWorkingHours(mondayToFriday(), at('2026-03-13 17:00'), 1))).toBe('2026-03-16 09:00')
    expect(show(addWorkingHours(mondayToFriday(), at('2026-03-13 16:00'), 7.5))).toBe('2026-03-16 16:00')
  })

  it('starts counting on the next working day when started on a weekend', () => {
    expect(show(addWorkingHours(mondayToFriday(), at('2026-03-14 10:00'), 1))).toBe('2026-03-16 09:30')
    expect(show(addWorkingHours(mondayToFriday(), at('2026-03-15 23:59'), 1))).toBe('2026-03-16 09:30')
  })

  it('skips the October golden week, which a plain Monday–Friday week would not', () => {
    expect(show(addWorkingHours(china2026(), at('2026-09-30 16:00'), 4))).toBe('2026-10-08 11:00')
    expect(show(addWorkingHours(mondayToFriday(), at('2026-09-30 16:00'), 4))).toBe('2026-10-01 11:00')
  })

  it('starts counting after the holiday when started inside it', () => {
    expect(show(addWorkingHours(china2026(), at('2026-10-03 12:00'), 2))).toBe('2026-10-08 10:30')
    expect(show(addWorkingHours(china2026(), at('2026-10-01 09:00'), 7.5))).toBe('2026-10-08 17:30')
  })

  it('counts the make-up Saturday after the golden week and the make-up Sunday before it', () => {
    expect(show(addWorkingHours(china2026(), at('2026-10-09 17:00'), 1))).toBe('2026-10-10 09:00')
    expect(show(addWorkingHours(china2026(), at('2026-10-10 17:00'), 1))).toBe('2026-10-12 09:00')
    expect(show(addWorkingHours(china2026(), at('2026-09-18 17:00'), 1))).toBe('2026-09-20 09:00')
    expect(show(addWorkingHours(mondayToFriday(), at('2026-09-18 17:00'), 1))).toBe('2026-09-21 09:00')
  })

  it('skips the mid-autumn holiday and the Spring Festival', () => {
    expect(show(addWorkingHours(china2026(), at('2026-09-24 17:00'), 1))).toBe('2026-09-28 09:00')
    expect(show(addWorkingHours(china2026(), at('2026-02-13 17:00'), 1))).toBe('2026-02-14 09:00')
    expect(show(addWorkingHours(china2026(), at('2026-02-14 17:00'), 1))).toBe('2026-02-24 09:00')
  })
})

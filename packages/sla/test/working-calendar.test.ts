import { describe, expect, it } from 'vitest'
import {
  createWorkingCalendar,
  isWorkingDay,
  shanghaiDateOf,
  WORKING_HOURS_PER_DAY,
  WORKING_PERIODS,
} from '../src/index.ts'
import { at, china2026, mondayToFriday } from './shanghai-time.ts'

describe('working hours', () => {
  it('are 08:30–12:00 and 13:30–17:30, 7.5 hours a day', () => {
    expect(WORKING_PERIODS).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ])
    expect(WORKING_HOURS_PER_DAY).toBe(7.5)
  })
})

describe('isWorkingDay', () => {
  it('is Monday to Friday without exceptions', () => {
    const calendar = mondayToFriday()
    const week = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15']
    expect(week.map((date) => isWorkingDay(calendar, date))).toEqual([true, true, true, true, true, false, false])
  })

  it('takes public holidays off and makes make-up weekends working (October 2026)', () => {
    const calendar = china2026()
    const days = [
      '2026-09-19',
      '2026-09-20',
      '2026-09-30',
      '2026-10-01',
      '2026-10-05',
      '2026-10-07',
      '2026-10-08',
      '2026-10-10',
      '2026-10-11',
    ]
    expect(days.map((date) => isWorkingDay(calendar, date))).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      true,
      true,
      false,
    ])
  })

  it('lets a later row for the same date win, so database rows can override the seed', () => {
    const calendar = createWorkingCalendar([
      { date: '2026-10-08', working: true },
      { date: '2026-10-08', working: false, note: '临时停工' },
    ])
    expect(isWorkingDay(calendar, '2026-10-08')).toBe(false)
  })

  it('falls back to Monday–Friday in a year without rows', () => {
    expect(isWorkingDay(china2026(), '2027-10-01')).toBe(true)
    expect(isWorkingDay(china2026(), '2027-10-02')).toBe(false)
  })

  it('refuses dates that are not real YYYY-MM-DD dates', () => {
    const calendar = mondayToFriday()
    for (const date of ['2026-02-30', '2026-1-01', '20260101', '2026-13-01', '']) {
      expect(() => isWorkingDay(calendar, date)).toThrow(RangeError)
    }
    expect(() => createWorkingCalendar([{ date: '2026/10/01', working: false }])).toThrow(RangeError)
  })
})

describe('shanghaiDateOf', () => {
  it('changes day at Shanghai midnight, 16:00 UTC', () => {
    expect(shanghaiDateOf(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30')
    expect(shanghaiDateOf(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01')
    expect(shanghaiDateOf(at('2026-10-01 00:00'))).toBe('2026-10-01')
    expect(shanghaiDateOf(at('2026-10-01 23:59'))).toBe('2026-10-01')
  })
})

import { describe, expect, it } from 'vitest'
import { CHINA_2026, createWorkingCalendar, isWorkingDay, parseCalendarYear } from '../src/index.ts'

// Checked against the notice's own wording: each holiday's length, its first and last day, and the weekday
// the notice prints next to every make-up day.

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

function datesOf(note: string, working: boolean): string[] {
  return CHINA_2026.filter((day) => day.note === note && day.working === working).map((day) => day.date)
}

describe('CHINA_2026', () => {
  it('is a valid 2026 calendar year for the admin loader', () => {
    const result = parseCalendarYear(2026, CHINA_2026)
    expect(result.ok).toBe(true)
  })

  it.each([
    ['元旦', 3, '2026-01-01', '2026-01-03'],
    ['春节', 9, '2026-02-15', '2026-02-23'],
    ['清明节', 3, '2026-04-04', '2026-04-06'],
    ['劳动节', 5, '2026-05-01', '2026-05-05'],
    ['端午节', 3, '2026-06-19', '2026-06-21'],
    ['中秋节', 3, '2026-09-25', '2026-09-27'],
    ['国庆节', 7, '2026-10-01', '2026-10-07'],
  ])('%s: %i consecutive days off from %s to %s', (note, length, first, last) => {
    const dates = datesOf(note, false)
    expect(dates).toHaveLength(length)
    expect([dates[0], dates.at(-1)]).toEqual([first, last])
    const firstMs = Date.parse(`${first}T00:00:00Z`)
    expect(dates).toEqual(
      Array.from({ length }, (_, i) => new Date(firstMs + i * 86_400_000).toISOString().slice(0, 10)),
    )
  })

  it('has the six make-up working days on the weekdays the notice names', () => {
    const makeUps = CHINA_2026.filter((day) => day.working).map((day) => [day.date, weekday(day.date)])
    expect(makeUps).toEqual([
      ['2026-01-04', 0],
      ['2026-02-14', 6],
      ['2026-02-28', 6],
      ['2026-05-09', 6],
      ['2026-09-20', 0],
      ['2026-10-10', 6],
    ])
  })

  it('leaves 248 working days in 2026', () => {
    const calendar = createWorkingCalendar(CHINA_2026)
    const start = Date.parse('2026-01-01T00:00:00Z')
    const working = Array.from({ length: 365 }, (_, i) =>
      new Date(start + i * 86_400_000).toISOString().slice(0, 10),
    ).filter((date) => isWorkingDay(calendar, date))
    expect(working).toHaveLength(248)
  })
})

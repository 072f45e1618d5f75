import { describe, expect, it } from 'vitest'
import { addWorkingHours, workingHoursBetween } from '../src/index.ts'
import { at, china2026, mondayToFriday, seededRandom } from './shanghai-time.ts'

describe('workingHoursBetween', () => {
  it.each([
    ['2026-03-10 09:00', '2026-03-10 10:30', 1.5],
    ['2026-03-10 11:00', '2026-03-10 14:30', 2],
    ['2026-03-10 12:10', '2026-03-10 13:20', 0],
    ['2026-03-10 07:00', '2026-03-10 20:00', 7.5],
    ['2026-03-10 17:00', '2026-03-11 09:00', 1],
    ['2026-03-13 17:00', '2026-03-16 09:00', 1],
    ['2026-03-14 08:00', '2026-03-15 18:00', 0],
    ['2026-03-09 00:00', '2026-03-16 00:00', 37.5],
  ])('from %s to %s is %s working hours', (from, to, hours) => {
    expect(workingHoursBetween(mondayToFriday(), at(from), at(to))).toBe(hours)
  })

  it('counts nothing in the golden week but the make-up days around it', () => {
    const calendar = china2026()
    expect(workingHoursBetween(calendar, at('2026-09-30 17:00'), at('2026-10-08 09:00'))).toBe(1)
    expect(workingHoursBetween(calendar, at('2026-09-19 00:00'), at('2026-09-21 00:00'))).toBe(7.5)
    expect(workingHoursBetween(calendar, at('2026-10-01 00:00'), at('2026-10-12 00:00'))).toBe(22.5)
    expect(workingHoursBetween(mondayToFriday(), at('2026-10-01 00:00'), at('2026-10-12 00:00'))).toBe(52.5)
  })

  it('is zero from an instant to itself, and signed when the order is reversed', () => {
    const calendar = mondayToFriday()
    expect(workingHoursBetween(calendar, at('2026-03-10 10:00'), at('2026-03-10 10:00'))).toBe(0)
    expect(workingHoursBetween(calendar, at('2026-03-11 09:00'), at('2026-03-10 17:00'))).toBe(-1)
  })

  it('refuses invalid dates', () => {
    expect(() => workingHoursBetween(mondayToFriday(), new Date(Number.NaN), at('2026-03-10 10:00'))).toThrow(
      RangeError,
    )
  })
})

describe('workingHoursBetween and addWorkingHours (seeded random samples over 2026)', () => {
  const calendar = china2026()
  const yearStart = at('2026-01-01 00:00').getTime()
  const randomInstant = (random: () => number) => new Date(yearStart + Math.floor(random() * 360 * 86_400_000))

  it('measures back exactly the hours that were added', () => {
    const random = seededRandom(7)
    for (let i = 0; i < 1000; i += 1) {
      const start = randomInstant(random)
      const hours = random() < 0.5 ? Math.floor(random() * 80) / 4 : random() * 60
      expect(workingHoursBetween(calendar, start, addWorkingHours(calendar, start, hours))).toBeCloseTo(hours, 6)
    }
  })

  it('adds back to the first instant the measured time is used up, never later than the end', () => {
    const random = seededRandom(42)
    for (let i = 0; i < 1000; i += 1) {
      const [from, to] = [randomInstant(random), randomInstant(random)].sort((a, b) => a.getTime() - b.getTime()) as [
        Date,
        Date,
      ]
      const reached = addWorkingHours(calendar, from, workingHoursBetween(calendar, from, to))
      expect(reached.getTime()).toBeLessThanOrEqual(to.getTime())
      expect(workingHoursBetween(calendar, reached, to)).toBe(0)
    }
  })

  it('adds up over consecutive spans, in either order', () => {
    const random = seededRandom(99)
    for (let i = 0; i < 300; i += 1) {
      const [a, b, c] = [randomInstant(random), randomInstant(random), randomInstant(random)]
      const direct = workingHoursBetween(calendar, a, c)
      expect(workingHoursBetween(calendar, a, b) + workingHoursBetween(calendar, b, c)).toBeCloseTo(direct, 9)
      expect(workingHoursBetween(calendar, c, a)).toBe(-direct)
    }
  })
})

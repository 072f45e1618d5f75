import { afterEach, describe, expect, it } from 'vitest'
import {
  addWorkingDays,
  addWorkingHours,
  isWorkingDay,
  shanghaiDateOf,
  shanghaiIsoOf,
  shanghaiMidnightOf,
  workingHoursBetween,
} from '../src/index.ts'
import { at, china2026 } from './shanghai-time.ts'

// The suite is also run whole under TZ=UTC and TZ=Asia/Shanghai; this file changes the zone inside one run as
// well (Node re-reads process.env.TZ), so a stray local-time getter fails here whatever zone CI uses.
const originalTz = process.env.TZ

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})

function sample(): unknown[] {
  const calendar = china2026()
  const start = at('2026-09-30 23:30')
  return [
    shanghaiDateOf(start),
    shanghaiIsoOf(start),
    shanghaiMidnightOf(start.getTime(), 1).toISOString(),
    isWorkingDay(calendar, '2026-10-10'),
    addWorkingHours(calendar, start, 3).toISOString(),
    addWorkingDays(calendar, at('2026-09-30 07:00'), 2).toISOString(),
    workingHoursBetween(calendar, at('2026-09-30 06:00'), at('2026-10-08 23:00')),
  ]
}

describe('machine time zone', () => {
  it('does not change any result', () => {
    const offsets: number[] = []
    const results = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'].map((zone) => {
      process.env.TZ = zone
      offsets.push(new Date(Date.UTC(2026, 8, 30)).getTimezoneOffset())
      return sample()
    })
    expect(offsets).toEqual([0, -480, 420, -840]) // the zone really changed under the code
    expect(results[0]).toEqual([
      '2026-09-30',
      '2026-09-30T23:30:00.000+08:00',
      '2026-09-28T16:00:00.000Z',
      true,
      '2026-10-08T03:30:00.000Z',
      '2026-10-08T09:30:00.000Z',
      15,
    ])
    for (const result of results) expect(result).toEqual(results[0])
  })
})

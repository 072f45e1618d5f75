import { describe, expect, it } from 'vitest'
import { shanghaiDateOf, shanghaiIsoOf, shanghaiMidnightOf } from '../src/index.ts'

describe('shanghaiIsoOf', () => {
  it('writes the Shanghai wall-clock time to the millisecond with the +08:00 offset', () => {
    expect(shanghaiIsoOf(new Date('2026-10-09T02:00:00Z'))).toBe('2026-10-09T10:00:00.000+08:00')
    expect(shanghaiIsoOf(new Date('2026-09-30T16:00:00.007Z'))).toBe('2026-10-01T00:00:00.007+08:00')
  })

  it('names the same instant it was given', () => {
    const instant = new Date('2026-12-31T19:59:59.999Z')
    expect(Date.parse(shanghaiIsoOf(instant))).toBe(instant.getTime())
  })
})

describe('shanghaiDateOf and shanghaiMidnightOf', () => {
  it('turn the day at Shanghai midnight, eight hours before UTC midnight', () => {
    const lastMs = Date.parse('2026-09-30T15:59:59.999Z')
    expect(shanghaiDateOf(new Date(lastMs))).toBe('2026-09-30')
    expect(shanghaiDateOf(new Date(lastMs + 1))).toBe('2026-10-01')
    expect(shanghaiMidnightOf(lastMs).toISOString()).toBe('2026-09-29T16:00:00.000Z')
    expect(shanghaiMidnightOf(lastMs + 1).toISOString()).toBe('2026-09-30T16:00:00.000Z')
  })

  it('go back whole Shanghai days for "last 7 days" and "last 30 days"', () => {
    const now = Date.parse('2026-10-09T02:00:00Z')
    expect(shanghaiMidnightOf(now, 6).toISOString()).toBe('2026-10-02T16:00:00.000Z')
    expect(shanghaiMidnightOf(now, 29).toISOString()).toBe('2026-09-09T16:00:00.000Z')
  })
})

import { describe, expect, it } from 'vitest'
import { retryDelayMs } from '../src/outbox/backoff.ts'

describe('the outbox backoff', () => {
  it('doubles from 5 s per failed attempt', () => {
    const middle = () => 0.5 // no jitter
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, middle))).toEqual([5_000, 10_000, 20_000, 40_000])
  })

  it('never waits more than 5 minutes (plus jitter), however many attempts failed', () => {
    expect(retryDelayMs(50, () => 0.5)).toBe(300_000)
    expect(retryDelayMs(50, () => 1)).toBe(360_000)
  })

  it('spreads phones by ±20 %', () => {
    expect(retryDelayMs(1, () => 0)).toBe(4_000)
    expect(retryDelayMs(1, () => 1)).toBe(6_000)
  })
})

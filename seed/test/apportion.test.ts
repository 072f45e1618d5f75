import { describe, expect, it } from 'vitest'
import { apportion } from '../src/allocate.ts'

describe('apportion', () => {
  it('shares a total in proportion to the weights, largest remainders first', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3])
    expect(apportion(65, [9, 9, 9, 9, 9, 9, 9, 9, 9]).reduce((a, b) => a + b, 0)).toBe(65)
    expect(apportion(7, [50, 30, 20])).toEqual([4, 2, 1]) // quotas 3.5, 2.1, 1.4
  })

  it('gives every share at least the minimum, taking it from the shares furthest above their quota', () => {
    expect(apportion(10, [100, 1, 1])).toEqual([8, 1, 1])
  })

  it('refuses what cannot be done', () => {
    expect(() => apportion(2, [1, 1, 1])).toThrow()
    expect(() => apportion(5, [])).toThrow()
  })
})

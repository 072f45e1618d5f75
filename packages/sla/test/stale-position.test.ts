import { describe, expect, it } from 'vitest'
import { isStalePosition, STALE_POSITION_AFTER_S } from '../src/index.ts'

describe('isStalePosition', () => {
  const at = '2026-10-09T10:00:00.000+08:00'
  const reportedMs = Date.parse(at)

  it('keeps a position fresh for ten minutes, the limit itself included', () => {
    expect(STALE_POSITION_AFTER_S).toBe(600)
    expect(isStalePosition(at, reportedMs)).toBe(false)
    expect(isStalePosition(at, reportedMs + 600_000)).toBe(false)
  })

  it('marks it stale one millisecond later', () => {
    expect(isStalePosition(at, reportedMs + 600_001)).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { communityCodeOf, isCodeConsistentWithParent, isWellFormedGridCode } from '../src/index.ts'

describe('grid codes (CJ/T 213 layout)', () => {
  it('has 12, 14 and 15 digits for levels 1, 2 and 3', () => {
    expect(isWellFormedGridCode('370705002003', 1)).toBe(true)
    expect(isWellFormedGridCode('37070500200301', 2)).toBe(true)
    expect(isWellFormedGridCode('370705002003017', 3)).toBe(true)
    expect(isWellFormedGridCode('370705002003017', 2)).toBe(false)
    expect(isWellFormedGridCode('37070500200a', 1)).toBe(false)
  })
  it('takes the community from any code', () => {
    expect(communityCodeOf('370705002003017')).toBe('370705002003')
  })
  it('checks a child against its parent', () => {
    expect(isCodeConsistentWithParent('37070500200301', '370705002003', 1)).toBe(true)
    expect(isCodeConsistentWithParent('37070500200401', '370705002003', 1)).toBe(false)
    expect(isCodeConsistentWithParent('370705002003017', '37070500200301', 2)).toBe(true)
    expect(isCodeConsistentWithParent('370705002004017', '37070500200301', 2)).toBe(false)
  })
})

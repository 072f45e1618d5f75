import { describe, expect, it } from 'vitest'
import { hasStreetWideScope, isMobilePhone, isRole, maskPhone, ROLES } from '../src/index.ts'

describe('phones', () => {
  it('accepts mainland mobile numbers only', () => {
    expect(['13812341234', '19912345678'].map(isMobilePhone)).toEqual([true, true])
    expect(['12812341234', '1381234123', '138123412345', '+8613812341234', '1381234123a'].map(isMobilePhone)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })
  it('masks the middle four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
  })
})

describe('roles', () => {
  it('knows the five roles and which see the whole street', () => {
    expect(isRole('worker')).toBe(true)
    expect(isRole('root')).toBe(false)
    expect(ROLES.map((r) => hasStreetWideScope(r))).toEqual([false, false, false, true, true])
  })
})

import { describe, expect, it } from 'vitest'
import { idNumberBirthDate, idNumberCheckCharacter, idNumberSex, isIdNumber, maskIdNumber } from '../src/index.ts'

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character of the standard’s worked example', () => {
    // GB 11643-1999's example: 11010519491231002X.
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X')
    expect(isIdNumber('11010519491231002X')).toBe(true)
  })

  it('refuses a wrong check character, a lower-case x, an impossible date and a wrong length', () => {
    expect(isIdNumber('110105194912310021')).toBe(false)
    expect(isIdNumber('11010519491231002x')).toBe(false)
    const feb30 = '37079919900230001'
    expect(isIdNumber(feb30 + idNumberCheckCharacter(feb30))).toBe(false)
    expect(isIdNumber('1101051949123100')).toBe(false)
  })

  it('reads the birth date and the sex, and masks all but the division and the last four', () => {
    expect(idNumberBirthDate('11010519491231002X')).toBe('1949-12-31')
    expect(idNumberSex('11010519491231002X')).toBe('female')
    expect(idNumberSex('110105194912310010'.slice(0, 16) + '1' + 'X')).toBe('male')
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
  })
})

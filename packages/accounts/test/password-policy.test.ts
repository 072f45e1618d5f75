import { describe, expect, it } from 'vitest'
import { PASSWORD_MIN_LENGTH, passwordProblem, passwordProblemMessage } from '../src/index.ts'

const PHONE = '13912345678'

describe('the password policy', () => {
  it('accepts the demo password and long uncommon ones', () => {
    expect(passwordProblem('Wangge@2026', { phone: PHONE })).toBeUndefined()
    expect(passwordProblem('灯塔-海鸥-2026', { phone: PHONE })).toBeUndefined()
    expect(passwordProblem('correct horse battery', { phone: PHONE })).toBeUndefined()
  })

  it(`refuses fewer than ${PASSWORD_MIN_LENGTH} characters, counted as characters, not bytes`, () => {
    expect(passwordProblem('12345678', { phone: PHONE })).toBe('tooShort')
    expect(passwordProblem('password', { phone: PHONE })).toBe('tooShort')
    expect(passwordProblem('Xq7#pLm2!', { phone: PHONE })).toBe('tooShort')
    // Nine Chinese characters are 27 bytes of UTF-8, still nine characters.
    expect(passwordProblem('网格化管理平台密码', { phone: PHONE })).toBe('tooShort')
  })

  it('refuses common passwords whatever their case', () => {
    for (const common of [
      '1234567890',
      'qwertyuiop',
      'password123',
      'PassWord123',
      '1qaz2wsx3edc',
      'woaini1314',
      'WOAINI1314',
    ]) {
      expect(passwordProblem(common, { phone: PHONE }), common).toBe('common')
    }
  })

  it('refuses a password that contains the phone number', () => {
    expect(passwordProblem(PHONE, { phone: PHONE })).toBe('containsPhone')
    expect(passwordProblem(`wg${PHONE}!`, { phone: PHONE })).toBe('containsPhone')
    expect(passwordProblem(`wg${PHONE}!`, { phone: '13800000001' })).toBeUndefined()
  })

  it('names the failed rule in Chinese first, then English', () => {
    const zhThenEn = /^[^A-Za-z]*[\u4e00-\u9fff][^/]* \/ [A-Z][^\u4e00-\u9fff]*$/
    for (const problem of ['tooShort', 'common', 'containsPhone'] as const)
      expect(passwordProblemMessage(problem)).toMatch(zhThenEn)
    expect(passwordProblemMessage('tooShort')).toContain(String(PASSWORD_MIN_LENGTH))
  })
})

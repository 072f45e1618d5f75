import { describe, expect, it } from 'vitest'
import { serverErrorsEn, serverErrorsZhCN } from '../src/i18n/locales/server-errors.ts'

// The API's source as text (Vite's glob import, which Vitest runs too): the codes are read where they are written.
const apiSource = import.meta.glob<string>('../../api/src/**/*.ts', { query: '?raw', import: 'default', eager: true })

/** Every error code the API writes: `super(status, 'CODE', …)`, `new AppError(status, 'CODE', …)`, and `code: 'CODE'` in replies and acks. */
function apiErrorCodes(): Set<string> {
  const codes = new Set<string>()
  for (const text of Object.values(apiSource)) {
    for (const match of text.matchAll(/(?:super|AppError)\(\s*\d{3},\s*'([A-Z][A-Z_]+)'|\bcode: '([A-Z][A-Z_]+)'/g))
      codes.add((match[1] ?? match[2])!)
  }
  return codes
}

describe('the web’s catalogue of server error codes', () => {
  it('has words in both languages for every code the API sends', () => {
    const codes = [...apiErrorCodes()]
    expect(codes.length).toBeGreaterThan(10)
    expect(codes.filter((code) => !(code in serverErrorsZhCN))).toEqual([])
  })

  it('says it in Chinese with no code or English in the zh-CN words, and in English in the en ones', () => {
    for (const [code, words] of Object.entries(serverErrorsZhCN)) {
      expect(words, code).not.toMatch(/[A-Za-z]{2,}/)
      expect(serverErrorsEn[code as keyof typeof serverErrorsEn], code).toMatch(/^[A-Z][^\u4e00-\u9fff]+$/)
    }
  })
})

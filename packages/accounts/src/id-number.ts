/**
 * The resident identity card number (GB 11643-1999): 6-digit division code, 8-digit birth date, 3-digit sequence
 * (odd for men, even for women) and a check character from ISO 7064 MOD 11-2. The registry and its import both
 * check numbers with these functions, so a form and a spreadsheet refuse the same typos.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARACTERS = '10X98765432'

/** The check character of the first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError('an ID number starts with 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK_CHARACTERS[sum % 11]!
}

/** The birth date an ID number carries (YYYY-MM-DD), or null when it is no calendar date. */
export function idNumberBirthDate(idNumber: string): string | null {
  const y = Number(idNumber.slice(6, 10))
  const m = Number(idNumber.slice(10, 12))
  const d = Number(idNumber.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
}

/** True for an 18-character number with a real birth date and the right check character (a lower-case x is refused). */
export function isIdNumber(value: string): boolean {
  return (
    /^[0-9]{17}[0-9X]$/.test(value) &&
    idNumberBirthDate(value) !== null &&
    idNumberCheckCharacter(value.slice(0, 17)) === value[17]
  )
}

/** The sex the sequence digit gives: odd for men, even for women. */
export function idNumberSex(idNumber: string): 'male' | 'female' {
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female'
}

/** Lists show the division code and the last four: 370705********123X. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`
}

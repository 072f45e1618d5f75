import { SIX_HAVE_CODES, type AuditItemInput, type SixHaveCode } from '../src/index.ts'

/** A whole audit sheet where every item passes, except those given in `failing` with their deductions. */
export function sheet(failing: Partial<Record<SixHaveCode, number>> = {}): AuditItemInput[] {
  return SIX_HAVE_CODES.map((code) => ({
    code,
    passed: failing[code] === undefined,
    deduction: failing[code] ?? 0,
    note: null,
  }))
}

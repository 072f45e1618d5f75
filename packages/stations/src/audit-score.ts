import type { SixHaveCode } from './six-haves.ts'

export interface ScoredItem {
  code: SixHaveCode
  passed: boolean
  deduction: number
}

/** The audit's score out of 100: what the deductions leave (never below 0). */
export function auditScore(items: readonly ScoredItem[]): number {
  return Math.max(0, 100 - items.reduce((sum, item) => sum + item.deduction, 0))
}

/** An audit passes when every one of the six items passes, whatever its score. */
export function auditPassesAll(items: readonly ScoredItem[]): boolean {
  return items.length > 0 && items.every((item) => item.passed)
}

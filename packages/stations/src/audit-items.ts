import { isSixHaveCode, SIX_HAVE_CODES, sixHave, type SixHaveCode } from './six-haves.ts'

/** One item of an audit as the auditor fills it in. */
export interface AuditItemInput {
  code: string
  passed: boolean
  /** Points taken off the 100; a failed item takes at least one, a passed one may note a minor shortfall. */
  deduction: number
  note?: string | null | undefined
  /** For a failed item: the day (YYYY-MM-DD) by which the station must put it right; opens a rectification task. */
  rectifyBy?: string | null | undefined
}

export interface AuditItem {
  code: SixHaveCode
  passed: boolean
  deduction: number
  note: string | null
  rectifyBy: string | null
}

export interface AuditItemProblem {
  field: string
  message: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * Checks an audit sheet: each of the six items exactly once, no other item, deductions whole numbers within the
 * item's share, a failed item with a deduction and a passed one without a rectification date. Returns the items in
 * the standard order when the sheet is whole, or every problem found (an audit is all or nothing).
 */
export function checkAuditItems(
  items: readonly AuditItemInput[],
): { items: AuditItem[]; problems: [] } | { items: null; problems: AuditItemProblem[] } {
  const problems: AuditItemProblem[] = []
  const seen = new Map<SixHaveCode, AuditItem>()
  items.forEach((item, index) => {
    const field = `items.${index}`
    if (!isSixHaveCode(item.code)) {
      problems.push({ field: `${field}.code`, message: `未知的检查项 ${String(item.code)} / unknown item` })
      return
    }
    if (seen.has(item.code))
      problems.push({ field: `${field}.code`, message: `检查项 ${item.code} 重复 / item listed twice` })
    const max = sixHave(item.code).maxDeduction
    if (!Number.isInteger(item.deduction) || item.deduction < 0 || item.deduction > max) {
      problems.push({
        field: `${field}.deduction`,
        message: `扣分须为 0–${max} 的整数 / deduction must be a whole number from 0 to ${max}`,
      })
    } else if (!item.passed && item.deduction === 0) {
      problems.push({ field: `${field}.deduction`, message: '不合格项须扣分 / a failed item must carry a deduction' })
    }
    const rectifyBy = item.rectifyBy ?? null
    if (
      rectifyBy !== null &&
      (item.passed || !DAY.test(rectifyBy) || Number.isNaN(Date.parse(`${rectifyBy}T00:00:00Z`)))
    ) {
      problems.push({
        field: `${field}.rectifyBy`,
        message: item.passed
          ? '合格项无需整改 / only a failed item is rectified'
          : '整改期限须为日期 / rectifyBy must be a date',
      })
    }
    seen.set(item.code, {
      code: item.code,
      passed: item.passed,
      deduction: item.deduction,
      note: item.note?.trim() || null,
      rectifyBy,
    })
  })
  for (const code of SIX_HAVE_CODES) {
    if (!seen.has(code))
      problems.push({ field: 'items', message: `缺少检查项 ${code}（${sixHave(code).name}）/ item ${code} missing` })
  }
  if (problems.length > 0) return { items: null, problems }
  return { items: SIX_HAVE_CODES.map((code) => seen.get(code)!), problems: [] }
}

/** A history row as the case views read it (the contract's IncidentDetail['history'][number], the fields used here). */
export interface HistoryStep {
  action: string
  to: string
  /** verify: `{ passed }` as the step was taken; absent in rows written before it was recorded. */
  data?: unknown
}

export interface HistoryMark {
  /** verify rows only: whether the verification passed (closed the case) or sent it back. */
  verdict: 'passed' | 'failed' | null
  /** A failed verification is the n-th rework of the case (返工 第 n 次); null for every other row. */
  rework: number | null
}

/**
 * What each history row means beyond its action: a verification passed or failed, and which rework a failed one
 * started. The outcome is read from where the step went (closed or back to dispatched) — the history of seeded
 * cases has no `passed` in its data — and the rework number by counting failed verifications in order.
 */
export function historyMarks(history: readonly HistoryStep[]): HistoryMark[] {
  let reworks = 0
  return history.map((step) => {
    if (step.action !== 'verify') return { verdict: null, rework: null }
    const passed = (step.data as { passed?: unknown } | null)?.passed
    if (passed === true || (passed === undefined && step.to === 'closed')) return { verdict: 'passed', rework: null }
    reworks += 1
    return { verdict: 'failed', rework: reworks }
  })
}

/** The reason the case was last sent back (the latest failed verification's note), or null if it never was. */
export function lastReworkReason(history: readonly (HistoryStep & { note: string | null })[]): string | null {
  const marks = historyMarks(history)
  for (let i = history.length - 1; i >= 0; i -= 1) if (marks[i]!.verdict === 'failed') return history[i]!.note
  return null
}

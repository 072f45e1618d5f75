export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
  }
}

/** One line per figure: what, measured, budget, and whether it is within. */
export function report(what: string, measured: number, unit: string, budget: number, lowerIsBetter = true): boolean {
  const ok = lowerIsBetter ? measured <= budget : measured >= budget
  const sign = lowerIsBetter ? '≤' : '≥'
  console.log(
    `${ok ? 'PASS' : 'OVER'}  ${what.padEnd(58)} ${measured.toFixed(2).padStart(10)} ${unit.padEnd(6)} budget ${sign} ${budget} ${unit}`,
  )
  return ok
}

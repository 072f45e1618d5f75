import type { RankingRow, RankingSort } from './dashboard-api.ts'

/**
 * Sorts ranking rows as the table shows them: by one indicator, nulls last either way, ties by code. The API's
 * export sorts with the contract's `sortRanking`, which the web may not import (validators stay out of the
 * bundle); the browser test reads an exported file back against the table, so the two cannot drift apart unseen.
 */
export function sortRanking(rows: readonly RankingRow[], sort: RankingSort, order: 'asc' | 'desc'): RankingRow[] {
  const sign = order === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    if (sort === 'code') return sign * a.key.code.localeCompare(b.key.code)
    const x = a.figures[sort]
    const y = b.figures[sort]
    if (x === null || y === null) return x === y ? a.key.code.localeCompare(b.key.code) : x === null ? 1 : -1
    return x === y ? a.key.code.localeCompare(b.key.code) : sign * (x - y)
  })
}

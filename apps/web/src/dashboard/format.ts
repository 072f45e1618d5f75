/** A share as the street writes it: 87.5%; nothing to divide by is a dash, never 0%. */
export function formatShare(rate: number | null, dash = '—'): string {
  return rate === null ? dash : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

export function formatCount(n: number, language: string): string {
  return n.toLocaleString(language)
}

export function formatHours(hours: number | null, dash = '—'): string {
  return hours === null ? dash : (Math.round(hours * 10) / 10).toFixed(1)
}

/**
 * The change against the previous period: counts in per cent of what they were, shares in percentage points
 * (a closure rate going from 80% to 90% went up 10 points, not 12.5%). Null when either side has nothing.
 */
export function changeOf(
  now: number | null,
  before: number | null,
  kind: 'count' | 'share' | 'hours',
  units: { points: string; hours: string },
): { text: string; direction: 'up' | 'down' | 'flat' } | null {
  if (now === null || before === null) return null
  const delta = now - before
  const direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down'
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±'
  if (kind === 'share') return { text: `${sign}${(Math.abs(delta) * 100).toFixed(1)} ${units.points}`, direction }
  if (kind === 'hours') return { text: `${sign}${Math.abs(delta).toFixed(1)} ${units.hours}`, direction }
  if (before === 0) return now === 0 ? { text: '±0', direction: 'flat' } : { text: `+${now}`, direction }
  return { text: `${sign}${Math.abs((delta / before) * 100).toFixed(1)}%`, direction }
}

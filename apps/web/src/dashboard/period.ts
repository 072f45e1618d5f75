import { shanghaiDateOf } from '@wangge/sla'

/** An inclusive range of Asia/Shanghai days, as the dashboard API takes it. */
export interface Period {
  from: string
  to: string
}

export const PRESETS = ['today', 'week', 'month', 'quarter', 'custom'] as const
export type Preset = (typeof PRESETS)[number]

const DAY_MS = 86_400_000
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * The preset's days up to today, on the Shanghai calendar whatever the device's zone: this week from Monday, this
 * month from the 1st, this quarter from its first month's 1st.
 */
export function presetPeriod(preset: Exclude<Preset, 'custom'>, now = new Date()): Period {
  const today = shanghaiDateOf(now)
  const t = Date.parse(`${today}T00:00:00Z`)
  const d = new Date(t)
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'week':
      return { from: dateOf(t - ((d.getUTCDay() + 6) % 7) * DAY_MS), to: today }
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today }
    case 'quarter': {
      const month = Math.floor(d.getUTCMonth() / 3) * 3
      return { from: dateOf(Date.UTC(d.getUTCFullYear(), month, 1)), to: today }
    }
  }
}

/** The API's limit: at most 366 days, from ≤ to. */
export function isValidPeriod(p: Period): boolean {
  const a = Date.parse(`${p.from}T00:00:00Z`)
  const b = Date.parse(`${p.to}T00:00:00Z`)
  return !Number.isNaN(a) && !Number.isNaN(b) && a <= b && (b - a) / DAY_MS + 1 <= 366
}

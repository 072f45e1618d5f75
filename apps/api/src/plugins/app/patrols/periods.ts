/** A half-open span of time [from, to) in Asia/Shanghai calendar terms: a week or a month of patrols and cases. */
export interface Period {
  from: Date
  to: Date
}

const DAY_MS = 86_400_000
const shanghaiMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`)

/** The Monday-to-Sunday week (Shanghai) holding the day 'YYYY-MM-DD'; its first day names it. */
export function weekContaining(day: string): Period & { monday: string } {
  const noonUtc = new Date(`${day}T12:00:00Z`)
  const weekday = (noonUtc.getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  const monday = new Date(noonUtc.getTime() - weekday * DAY_MS).toISOString().slice(0, 10)
  const from = shanghaiMidnight(monday)
  return { monday, from, to: new Date(from.getTime() + 7 * DAY_MS) }
}

/** The month 'YYYY-MM' in Shanghai. */
export function monthPeriod(month: string): Period {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return { from: shanghaiMidnight(`${month}-01`), to: shanghaiMidnight(`${next}-01`) }
}

/** Today in Shanghai, 'YYYY-MM-DD'. */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

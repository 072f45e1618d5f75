/** Midnight in Asia/Shanghai (UTC+8, no daylight saving) of the day `at` falls on, `daysBack` days earlier. */
export function shanghaiMidnight(at: number, daysBack = 0): Date {
  const offset = 8 * 3600_000
  const day = Math.floor((at + offset) / 86_400_000) - daysBack
  return new Date(day * 86_400_000 - offset)
}

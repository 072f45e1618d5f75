const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** ISO 8601 with the +08:00 offset, as every API time goes out (DESIGN.md: the UI shows Asia/Shanghai). */
export function shanghaiIso(date: Date): string {
  return `${new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23)}+08:00`
}

/** The calendar day (YYYY-MM-DD) in Shanghai. */
export function shanghaiDay(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

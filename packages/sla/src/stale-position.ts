/**
 * A worker's position not renewed for this long is stale: the phone has stopped sending (no signal, app closed).
 * The API marks it in SQL (`worker-positions.ts`) and the live map greys it as the clock moves on, by this one limit.
 */
export const STALE_POSITION_AFTER_S = 10 * 60

/** Whether a position reported at `at` (ISO 8601) is stale at `nowMs`; exactly the limit old is still fresh. */
export function isStalePosition(at: string, nowMs: number): boolean {
  return nowMs - Date.parse(at) > STALE_POSITION_AFTER_S * 1000
}

/** Never more often than this, whatever the GPS does. */
export const MIN_INTERVAL_MS = 10_000
/** Standing still, still say "I am here" this often, so the map does not take the worker for gone. */
export const HEARTBEAT_MS = 60_000
/** Smaller moves are GPS jitter, not walking. */
export const MIN_MOVE_M = 20

export interface SentPosition {
  at: number
  lat: number
  lng: number
}

/**
 * Whether a new fix is worth sending: at most once per 10 s, and then only if the worker moved 20 m or a minute
 * has passed. This, with watchPosition's maximumAge and low-accuracy mode, is what keeps a shift's battery.
 */
export function shouldSendPosition(last: SentPosition | null, fix: { lat: number; lng: number }, now: number): boolean {
  if (!last) return true
  const elapsed = now - last.at
  if (elapsed < MIN_INTERVAL_MS) return false
  return elapsed >= HEARTBEAT_MS || distanceMetres(last, fix) >= MIN_MOVE_M
}

/** Equirectangular distance: exact enough over tens of metres, and cheap on every fix. */
export function distanceMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const x = (b.lng - a.lng) * rad * Math.cos(((a.lat + b.lat) / 2) * rad)
  const y = (b.lat - a.lat) * rad
  return Math.hypot(x, y) * 6_371_000
}

/**
 * The last good answer of a few small lookups (categories, the worker's tasks), kept on the phone so the pages
 * still work with no network. The service worker deliberately caches no API answers: this is the app's own
 * choice, per lookup, of what may be shown stale.
 */
export function readCache<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(`wangge.cache.${key}`)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}

export function writeCache(key: string, value: unknown): void {
  try {
    localStorage.setItem(`wangge.cache.${key}`, JSON.stringify(value))
  } catch {
    // Full or disabled storage only costs the offline copy.
  }
}

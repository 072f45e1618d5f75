/**
 * The one place a lost session is announced. The API client reports every 401 here, and the session provider
 * listens, so no page has to handle "signed out meanwhile" itself.
 */
type Listener = () => void

const listeners = new Set<Listener>()

export function onUnauthorized(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function reportUnauthorized(): void {
  for (const listener of listeners) listener()
}

import { LRUCache } from 'lru-cache'
import type { DatabaseNotifications } from './database-notifications.ts'

/**
 * An in-memory cache that is only trusted while the database's change notifications are heard: entries are
 * forgotten when a notification names them, everything is dropped after a gap in listening, and nothing is cached
 * or served while no connection listens. A load that raced a change is not kept (the generation moved on).
 */
export class NotifiedCache<K extends string | number, V extends object> {
  private readonly entries: LRUCache<K, V>
  private generation = 0

  constructor(
    private readonly notifications: DatabaseNotifications,
    options: { max: number; ttlMs: number },
  ) {
    // The TTL is a backstop only: correctness comes from the notifications.
    this.entries = new LRUCache<K, V>({ max: options.max, ttl: options.ttlMs })
    notifications.onGap(() => this.clear())
  }

  /** The cached value, or the loaded one (cached if nothing changed meanwhile). `undefined` is never cached. */
  async get(key: K, load: () => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.notifications.listening) return load()
    const hit = this.entries.get(key)
    if (hit !== undefined) return hit
    const generation = this.generation
    const value = await load()
    if (value !== undefined && generation === this.generation && this.notifications.listening)
      this.entries.set(key, value)
    return value
  }

  forget(key: K): void {
    this.generation += 1
    this.entries.delete(key)
  }

  clear(): void {
    this.generation += 1
    this.entries.clear()
  }
}

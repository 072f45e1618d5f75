import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import type pg from 'pg'
import type {} from './database.ts'

type Listener = (payload: string) => void

/**
 * Postgres LISTEN/NOTIFY on the app's own pooled connections: each connection listens as it opens, so no extra
 * connection is held (the embedded database allows only one). Notifications reach the process once per listening
 * connection; subscribers must be idempotent.
 */
export interface DatabaseNotifications {
  /** Calls `listener` with every payload announced on `channel` (one of the plugin's channels). */
  subscribe(channel: string, listener: Listener): void
  /** Called whenever the process may have missed notifications: no connection was listening for a while. */
  onGap(listener: () => void): void
  /**
   * True while at least one open connection is known to receive notifications — a round trip of its own
   * notification proved it. A cache that relies on hearing every change must not be used while this is false.
   */
  readonly listening: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    databaseNotifications: DatabaseNotifications
  }
}

const PROBE = 'probe:'

export function listenOnPool(pool: pg.Pool, channels: readonly string[]): DatabaseNotifications {
  const listeners = new Map<string, Listener[]>(channels.map((c) => [c, []]))
  const gapListeners: (() => void)[] = []
  let proven = 0
  const probes = new Map<string, () => void>()

  pool.on('connect', (client) => {
    let counted = false
    const nonce = randomUUID()
    client.on('notification', ({ channel, payload = '' }) => {
      if (payload.startsWith(PROBE)) return probes.get(payload.slice(PROBE.length))?.()
      for (const listener of listeners.get(channel) ?? []) listener(payload)
    })
    client.on('end', () => {
      if (!counted) return
      proven -= 1
      // With no connection listening, changes made from now on go unheard until one listens again.
      if (proven === 0) for (const gap of gapListeners) gap()
    })
    probes.set(nonce, () => {
      probes.delete(nonce)
      counted = true
      proven += 1
    })
    // Queued on the client before the query it was opened for; a probe that never comes back leaves it uncounted.
    const listen = channels.map((c) => `listen ${c};`).join(' ')
    client.query(`${listen} select pg_notify('${channels[0]}', '${PROBE}${nonce}')`).catch(() => probes.delete(nonce))
  })

  return {
    subscribe(channel, listener) {
      const list = listeners.get(channel)
      if (!list) throw new Error(`not listening on ${channel}`)
      list.push(listener)
    },
    onGap(listener) {
      gapListeners.push(listener)
    },
    get listening() {
      return proven > 0
    },
  }
}

export const ACCOUNTS_CHANNEL = 'wangge_accounts'

/** Nothing is heard: every cache that relies on notifications stays off. */
const DEAF: DatabaseNotifications = { subscribe: () => undefined, onGap: () => undefined, listening: false }

export default fp<{ embedded: boolean }>(
  (fastify, { embedded }) => {
    // The embedded database is one backend shared by every socket, so a notification is not reliably delivered to
    // the connection that listens; it serves one process on a desk, where the caches are not needed.
    fastify.decorate('databaseNotifications', embedded ? DEAF : listenOnPool(fastify.pg.pool, [ACCOUNTS_CHANNEL]))
  },
  { name: 'database-notifications', dependencies: ['database'] },
)

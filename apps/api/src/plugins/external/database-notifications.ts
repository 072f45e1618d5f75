import fp from 'fastify-plugin'
import pg from 'pg'
import type { FastifyBaseLogger } from 'fastify'
import { CONNECT_TIMEOUT_MS } from './database.ts'

type Listener = (payload: string) => void

/** Postgres LISTEN/NOTIFY on one connection of its own, reconnected when it drops. */
export interface DatabaseNotifications {
  /** Calls `listener` with every payload announced on `channel` (one of the plugin's channels). */
  subscribe(channel: string, listener: Listener): void
  /** Called whenever the process may have missed notifications: the listening connection dropped. */
  onGap(listener: () => void): void
  /**
   * True while the connection listens. A cache that relies on hearing every change must not be used while this is
   * false (at start, and from a drop until the connection is back).
   */
  readonly listening: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    databaseNotifications: DatabaseNotifications
  }
}

const RECONNECT_MS = 2_000

export function listenForNotifications(connectionString: string, channels: readonly string[], log: FastifyBaseLogger) {
  const listeners = new Map<string, Listener[]>(channels.map((c) => [c, []]))
  const gapListeners: (() => void)[] = []
  let client: pg.Client | null = null
  let listening = false
  let closed = false
  let retry: NodeJS.Timeout | undefined
  // Retried every 2 s while the database is away: warned once per outage, then quietly.
  let failedAttempts = 0

  const scheduleReconnect = () => {
    if (closed) return
    retry = setTimeout(() => void connect(), RECONNECT_MS)
    retry.unref()
  }
  const connect = async () => {
    // Timed out and kept alive like the pool's (database.ts): a silent network must not leave it waiting for ever,
    // deaf without knowing it.
    const connection = new pg.Client({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
    connection.on('notification', ({ channel, payload = '' }) => {
      for (const listener of listeners.get(channel) ?? []) listener(payload)
    })
    connection.on('error', (err) => log.warn({ err }, 'database notifications: connection error'))
    connection.on('end', () => {
      if (client !== connection) return
      client = null
      if (listening) {
        listening = false
        for (const gap of gapListeners) gap()
      }
      scheduleReconnect()
    })
    try {
      await connection.connect()
      await connection.query(channels.map((c) => `listen ${c}`).join('; '))
      if (closed) return void (await connection.end())
      client = connection
      listening = true
      if (failedAttempts > 0) log.info({ failedAttempts }, 'database notifications: listening again')
      failedAttempts = 0
    } catch (err) {
      if (failedAttempts++ === 0)
        log.warn({ err }, 'database notifications: cannot listen; caches stay off until it can, retrying every 2 s')
      else log.debug({ err }, 'database notifications: still cannot listen')
      await connection.end().catch(() => undefined)
      scheduleReconnect()
    }
  }

  const notifications: DatabaseNotifications = {
    subscribe(channel, listener) {
      const list = listeners.get(channel)
      if (!list) throw new Error(`not listening on ${channel}`)
      list.push(listener)
    },
    onGap(listener) {
      gapListeners.push(listener)
    },
    get listening() {
      return listening
    },
  }
  return {
    notifications,
    started: connect(),
    async close() {
      closed = true
      clearTimeout(retry)
      listening = false
      const open = client
      client = null
      await open?.end()
    },
  }
}

export const ACCOUNTS_CHANNEL = 'wangge_accounts'

/** Nothing is heard: every cache that relies on notifications stays off. */
const DEAF: DatabaseNotifications = { subscribe: () => undefined, onGap: () => undefined, listening: false }

export default fp<{ connectionString: string; embedded: boolean }>(
  async (fastify, { connectionString, embedded }) => {
    // The embedded database is one backend shared by every socket and allows the app one connection; it serves one
    // process on a desk, where the caches are not needed.
    if (embedded) return void fastify.decorate('databaseNotifications', DEAF)
    const listener = listenForNotifications(connectionString, [ACCOUNTS_CHANNEL], fastify.log)
    await listener.started
    fastify.decorate('databaseNotifications', listener.notifications)
    fastify.addHook('onClose', () => listener.close())
  },
  { name: 'database-notifications', dependencies: ['database'] },
)

/** What closing needs of a node-redis client. */
interface ClosableRedis {
  readonly isReady: boolean
  close(): Promise<void>
  destroy(): void
}

/**
 * Closes a Redis connection without waiting on Redis: a connected client finishes its pending commands, a client
 * still reconnecting (Redis down) is dropped at once — its close would wait for a Redis that may not come back, and
 * hold the app's shutdown with it.
 */
export async function closeRedis(client: ClosableRedis): Promise<void> {
  if (client.isReady) await client.close()
  else client.destroy()
}

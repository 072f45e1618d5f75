import pg from 'pg'
import { isDatabaseUnavailable } from './database-unavailable.ts'
import type { StartupProgress } from './startup-progress.ts'

/** The database is still not there when the wait ran out: said in both languages, with the last cause. */
export class DatabaseNotReachableError extends Error {
  constructor(seconds: number, cause: unknown) {
    super(
      `${seconds} 秒内无法连接数据库（DATABASE_URL），服务未启动 / the database at DATABASE_URL could not be reached ` +
        `within ${seconds} s; the server did not start`,
      { cause },
    )
    this.name = 'DatabaseNotReachableError'
  }
}

/**
 * Waits for the PostGIS at `url` to answer, trying again with back-off (0.5 s doubling to 5 s) for `seconds`.
 * A server started with its database (a host's reboot, `docker compose up`) would otherwise exit at once because
 * PostgreSQL takes a few seconds longer to accept connections. Only "not reachable now" waits: a wrong password or
 * a missing database will not fix itself and is thrown at once.
 */
export async function waitForDatabase(
  url: string,
  {
    seconds,
    progress,
    pause = sleep,
  }: { seconds: number; progress: StartupProgress; pause?: (ms: number) => Promise<void> },
): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  for (let delay = 500; ; delay = Math.min(delay * 2, 5_000)) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
    // A refused connection is also emitted as 'error' on the client: heard here, or it would end the process.
    client.on('error', () => {})
    try {
      await client.connect()
      await client.query('select 1')
      return
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      const left = deadline - Date.now()
      if (left <= 0) throw new DatabaseNotReachableError(seconds, error)
      const wait = Math.min(delay, left)
      progress(
        `数据库暂不可用（${reasonOf(error)}），${(wait / 1000).toFixed(1)} 秒后重试…`,
        `the database is not reachable yet (${reasonOf(error)}); trying again in ${(wait / 1000).toFixed(1)} s…`,
      )
      await pause(wait)
    } finally {
      await client.end().catch(() => {})
    }
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code === 'string') return code
  return typeof message === 'string' ? message.slice(0, 80) : 'unknown'
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

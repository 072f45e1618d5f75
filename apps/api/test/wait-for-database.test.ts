import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { DatabaseNotReachableError, waitForDatabase } from '../src/db/wait-for-database.ts'
import { databaseUrl } from './helper.ts'

/** A port on loopback where nothing listens yet (taken, then let go). */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** From then on, `port` forwards to the test database's server: a PostgreSQL that came up late. */
async function forwardTo(port: number, target: URL): Promise<net.Server> {
  const server = net.createServer((incoming) => {
    const outgoing = net.connect(Number(target.port || 5432), target.hostname)
    incoming.pipe(outgoing).pipe(incoming)
    incoming.on('error', () => outgoing.destroy())
    outgoing.on('error', () => incoming.destroy())
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

describe('a start against DATABASE_URL', () => {
  it('waits for a database that comes up late, saying so, and goes on once it answers', async () => {
    const target = new URL(databaseUrl())
    const port = await freePort()
    const url = new URL(databaseUrl())
    url.hostname = '127.0.0.1'
    url.port = String(port)
    const said: string[] = []
    let proxy: net.Server | undefined
    let pauses = 0
    await waitForDatabase(url.toString(), {
      seconds: 30,
      progress: (zh, en) => said.push(`${zh} / ${en}`),
      // The database "comes up" during the second pause.
      pause: async () => {
        pauses += 1
        if (pauses === 2) proxy = await forwardTo(port, target)
      },
    })
    proxy?.close()
    expect(pauses).toBe(2)
    expect(said).toHaveLength(2)
    expect(said[0]).toMatch(/^数据库暂不可用（ECONNREFUSED）.*not reachable yet/)
  })

  it('gives up after its time with a message in both languages', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/none`
    const started = Date.now()
    const error = await waitForDatabase(url, { seconds: 1, progress: () => {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatabaseNotReachableError)
    expect((error as Error).message).toMatch(/1 秒内无法连接数据库.*within 1 s/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('does not wait for what will not fix itself: a database that does not exist fails at once', async () => {
    const url = new URL(databaseUrl())
    url.pathname = '/wangge_no_such_database'
    let pauses = 0
    const error = await waitForDatabase(url.toString(), {
      seconds: 30,
      progress: () => {},
      pause: async () => void (pauses += 1),
    }).catch((e: unknown) => e)
    expect((error as { code?: string }).code).toBe('3D000')
    expect(pauses).toBe(0)
  })
})

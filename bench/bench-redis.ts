import { spawn } from 'node:child_process'

export interface BenchRedis {
  url: string
  stop: () => Promise<void>
}

/**
 * The Redis that several bench instances share their broadcasts through: BENCH_REDIS_URL when set, else a
 * redis-server of its own on `port`, without persistence. Not the machine's Redis on 6379: socket.io's Redis adapter
 * publishes on channels that every other API instance on that Redis also hears, whatever its database number, so
 * a bench there would send its thousands of events to other people's servers and tests.
 */
export async function startBenchRedis(port: number): Promise<BenchRedis> {
  if (process.env.BENCH_REDIS_URL) return { url: process.env.BENCH_REDIS_URL, stop: async () => undefined }
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${output}`)), 10_000)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(
        new Error(`redis-server could not run (${err.message}); set BENCH_REDIS_URL to a Redis of the bench's own`),
      )
    })
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

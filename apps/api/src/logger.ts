import { createRequire } from 'node:module'
import { pino, type Logger } from 'pino'

/**
 * The server's one logger, made before the app so the database's first-start steps can be told too. On a terminal
 * it is pino-pretty (coloured, one line per entry, in a worker thread); anywhere else — CI, tests, a container's
 * log collector — it is pino's JSON, one object per line.
 */
export function createLogger(level: string, pretty = process.stdout.isTTY === true): Logger {
  if (!pretty) return pino({ level })
  return pino({
    level,
    transport: {
      // Resolved from here: pnpm keeps pino-pretty out of pino's own reach.
      target: createRequire(import.meta.url).resolve('pino-pretty'),
      options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
    },
  })
}

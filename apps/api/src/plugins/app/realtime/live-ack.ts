import type { FastifyInstance } from 'fastify'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'
import { AppError, DatabaseUnavailableError } from '../../../errors.ts'
import type { Ack } from './live-socket.ts'

/**
 * Answers a client's emit through its ack when `work` settles: `{ ok: true }` (with what `answer` adds), or
 * `{ ok: false, code, message }` with the codes and messages of the HTTP API's errors.
 */
export function settle<T>(
  fastify: FastifyInstance,
  ack: ((result: Ack) => void) | undefined,
  work: Promise<T>,
  answer: (value: T) => Ack = () => ({ ok: true }),
): void {
  work.then(
    (value) => reply(ack, answer(value)),
    (err: unknown) => {
      if (err instanceof AppError) return reply(ack, { ok: false, code: err.code, message: err.message })
      if (isDatabaseUnavailable(err)) {
        const unavailable = new DatabaseUnavailableError()
        return reply(ack, { ok: false, code: unavailable.code, message: unavailable.message })
      }
      fastify.log.error({ err }, 'live handler failed')
      reply(ack, { ok: false, code: 'INTERNAL', message: '服务器内部错误 / internal server error' })
    },
  )
}

export function reply(ack: ((result: Ack) => void) | undefined, result: Ack): void {
  if (typeof ack === 'function') ack(result)
}

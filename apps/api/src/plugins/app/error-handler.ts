import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import { isDatabaseUnavailable } from '../../db/database-unavailable.ts'
import { AppError, DatabaseUnavailableError, UnavailableError } from '../../errors.ts'

interface ErrorBody {
  statusCode: number
  code: string
  message: string
  details?: unknown[]
}

/** One place maps every error to the API's error shape; a 5xx never carries internals. */
export default fp(
  (fastify) => {
    fastify.setErrorHandler((thrown: FastifyError, request, reply) => {
      let body: ErrorBody
      let error: FastifyError | AppError = thrown
      if (!(thrown instanceof AppError) && isDatabaseUnavailable(thrown)) {
        // Warn, not error: the database's absence is logged once per request, without a stack of ours to read.
        request.log.warn({ err: thrown }, 'database unavailable')
        error = new DatabaseUnavailableError()
      }
      if (error instanceof UnavailableError) void reply.header('retry-after', String(error.retryAfterSeconds))
      if (error instanceof AppError) {
        body = { statusCode: error.statusCode, code: error.code, message: error.message }
        if (error.details) body.details = error.details
      } else if (error.validation) {
        body = {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: `请求参数无效 / invalid request: ${error.message}`,
          details: error.validation.map((v) => ({
            field: `${error.validationContext ?? ''}${v.instancePath}`.replace(/\//g, '.') || error.validationContext,
            message: v.message,
            params: v.params,
          })),
        }
      } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        body = { statusCode: error.statusCode, code: error.code ?? 'BAD_REQUEST', message: error.message }
      } else {
        request.log.error({ err: error }, 'unhandled error')
        body = { statusCode: 500, code: 'INTERNAL', message: '服务器内部错误 / internal server error' }
      }
      return reply.code(body.statusCode).send(body)
    })

    fastify.setNotFoundHandler((request, reply) => {
      const wantsPage =
        request.method === 'GET' && !request.url.startsWith('/api') && request.headers.accept?.includes('text/html')
      if (wantsPage && reply.sendFile) return reply.sendFile('index.html')
      return reply
        .code(404)
        .send({ statusCode: 404, code: 'NOT_FOUND', message: `未找到 ${request.method} ${request.url} / not found` })
    })
  },
  { name: 'error-handler' },
)

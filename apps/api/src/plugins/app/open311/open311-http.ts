import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Open311Format } from '@wangge/contract'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'
import { AppError, DatabaseUnavailableError, RateLimitedError } from '../../../errors.ts'
import { Open311RateLimitedError } from './open311-errors.ts'
import { renderOpen311, type Open311Resource } from './open311-format.ts'

/** A form of at most this size: the longest fields (description, media_url) are 2,000 characters each. */
const FORM_LIMIT_BYTES = 64 * 1024

/**
 * An application/x-www-form-urlencoded body as the spec's fields: `attribute[code]` fields gathered under
 * `attribute` (repeated, or written `attribute[code][]`, they make a multivaluelist's list); any other field sent
 * twice becomes a list, which its schema refuses. An empty field is a field not sent — clients send blanks for
 * what they do not have. Built with fromEntries so no field name (`__proto__`) reaches a prototype.
 */
export function parseOpen311Form(text: string): Record<string, unknown> {
  const fields = new Map<string, string | string[]>()
  const attributes = new Map<string, string | string[]>()
  const add = (into: Map<string, string | string[]>, name: string, value: string) => {
    const before = into.get(name)
    into.set(name, before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value])
  }
  for (const [name, value] of new URLSearchParams(text)) {
    if (value === '') continue
    const attribute = /^attribute\[([^\]]*)\](\[\])?$/.exec(name)
    if (attribute) add(attributes, attribute[1]!, value)
    else add(fields, name, value)
  }
  const form: Record<string, unknown> = Object.fromEntries(fields)
  if (attributes.size > 0) form.attribute = Object.fromEntries(attributes)
  return form
}

const pathOf = (url: string) => url.split('?')[0]!.replace(/\.(json|xml)$/, '')

/** The format a request asked for by its suffix; JSON when it names none the server speaks. */
export function formatOfUrl(url: string): Open311Format {
  return /\.xml(\?|$)/.test(url) ? 'xml' : 'json'
}

export function sendOpen311(reply: FastifyReply, format: Open311Format, resource: Open311Resource, status = 200) {
  const { type, text } = renderOpen311(format, resource)
  return reply.code(status).type(type).header('cache-control', 'no-store').send(text)
}

function open311ErrorOf(thrown: FastifyError, request: FastifyRequest): { status: number; description: string } {
  if (!(thrown instanceof AppError) && isDatabaseUnavailable(thrown)) {
    request.log.warn({ err: thrown }, 'database unavailable')
    return { status: 503, description: new DatabaseUnavailableError().message }
  }
  if (thrown instanceof AppError) return { status: thrown.statusCode, description: thrown.message }
  if (thrown.validation) {
    const fields = thrown.validation.map((v) => {
      const field = `${v.instancePath}`.replace(/^\//, '').replace(/\//g, '.')
      const missing = (v.params as { missingProperty?: string }).missingProperty
      const extra = (v.params as { additionalProperty?: string }).additionalProperty
      return missing ?? extra ?? (field || thrown.validationContext || '?')
    })
    return {
      status: 400,
      description: `请求参数无效：${[...new Set(fields)].join('、')} / invalid request: ${thrown.message}`,
    }
  }
  if (thrown.statusCode !== undefined && thrown.statusCode >= 400 && thrown.statusCode < 500) {
    return { status: thrown.statusCode, description: thrown.message }
  }
  request.log.error({ err: thrown }, 'unhandled error')
  return { status: 500, description: '服务器内部错误 / internal server error' }
}

/**
 * Within /open311/v2 every error — a refusal, a failed validation, an unknown path — is written as the spec writes
 * errors, [{ code, description }] or <errors><error>…, in the format the request asked for, the HTTP status its code.
 */
export function useOpen311Errors(fastify: FastifyInstance) {
  fastify.setErrorHandler((thrown: FastifyError, request, reply) => {
    const { status, description } = open311ErrorOf(thrown, request)
    if (thrown instanceof Open311RateLimitedError || thrown instanceof RateLimitedError) {
      void reply.header('retry-after', String(thrown.retryAfterSeconds))
    }
    if (status === 503) void reply.header('retry-after', '3')
    return sendOpen311(
      reply,
      formatOfUrl(request.url),
      { kind: 'errors', body: [{ code: status, description }] },
      status,
    )
  })
  fastify.setNotFoundHandler((request, reply) =>
    sendOpen311(
      reply,
      formatOfUrl(request.url),
      {
        kind: 'errors',
        // The path without its format, so the JSON and XML replies say the same.
        body: [{ code: 404, description: `未找到 ${request.method} ${pathOf(request.url)} / not found` }],
      },
      404,
    ),
  )
  // The spec's POST is a form: a JSON body is refused with 415 here rather than read by the app's own parser.
  fastify.removeContentTypeParser('application/json')
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
    (_request, body, done) => done(null, parseOpen311Form(body as string)),
  )
}

/**
 * Whether an error means "the database cannot be reached right now" rather than "this request is wrong": the
 * server is down or restarting, our connection was cut, or it did not answer in time. Such errors are answered 503
 * DATABASE_UNAVAILABLE with Retry-After (plugins/app/error-handler.ts), never 500, and are not a reason to retry
 * a batch item by item (natural-batcher.ts).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown }
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith(CONNECTION_EXCEPTION_CLASS))
    )
      return true
    if (typeof message === 'string' && DRIVER_MESSAGES.some((m) => message.startsWith(m))) return true
    // Connecting to "localhost" tries ::1 and 127.0.0.1: both refusals come as one AggregateError.
    if (Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable)) return true
  }
  return false
}

/** Socket errors of Node's net and dns modules: the server is not there, or the path to it broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

/** SQLSTATE class 08, connection exception (08000, 08003, 08006, 08001, 08004, …). */
const CONNECTION_EXCEPTION_CLASS = '08'

const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown
  '57P02', // crash_shutdown: another backend crashed and took the others down
  '57P03', // cannot_connect_now: starting up, shutting down or in recovery
  '53300', // too_many_connections
  '57014', // query_canceled: the statement_timeout of database.ts ran out
])

/** node-postgres and pg-pool say these in words only (no code). */
const DRIVER_MESSAGES = [
  'Connection terminated', // "… unexpectedly", "… due to connection timeout"
  'timeout exceeded when trying to connect', // pg-pool: no connection within connectionTimeoutMillis
  'Query read timeout', // query_timeout
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]

/**
 * An API failure in the server's error shape (`{ statusCode, code, message, details? }`), so callers can branch
 * on `code` instead of parsing messages. Network failures use statusCode 0 and code `NETWORK_ERROR`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** From a 429's Retry-After header: how long the server asks the client to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

/** True for the rejection of a fetch cancelled through its AbortSignal, which is expected and never shown. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

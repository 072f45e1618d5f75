import type { TFunction } from 'i18next'
import { ApiError } from '../api/api-error.ts'
import { serverErrorText } from './server-message.ts'

/** Whether trying the same request again can help: not for a resource that does not exist. */
export function isRetryable(error: Error): boolean {
  return !(error instanceof ApiError && error.statusCode === 404)
}

/**
 * A user-facing sentence for a failed request, from the web's own catalogue by the server's `code` (never the
 * server's message, nor the code itself: the support desk reads codes in the server's log, not on a phone).
 */
export function errorMessage(t: TFunction, error: Error): string {
  if (error instanceof ApiError) {
    // A gateway (the dev proxy, a load balancer) answering for a server that is down or restarting: its body is no API error.
    if (error.statusCode === 502 || error.statusCode === 503 || error.statusCode === 504) {
      return serverErrorText(t, error.code) ?? t('serverErrors.UNAVAILABLE')
    }
    const known = serverErrorText(t, error.code)
    if (known) return known
    if (error.statusCode === 404) return t('errors.NOT_FOUND')
    if (error.statusCode === 403) return t('errors.FORBIDDEN')
    return t('errors.unknown')
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') return t('serverErrors.TIMEOUT')
  return t('errors.unknown')
}

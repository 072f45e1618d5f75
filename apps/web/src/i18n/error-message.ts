import type { TFunction } from 'i18next'
import { ApiError } from '../api/api-error.ts'

/** Whether trying the same request again can help: not for a resource that does not exist. */
export function isRetryable(error: Error): boolean {
  return !(error instanceof ApiError && error.statusCode === 404)
}

/** A user-facing sentence for a failed request: known codes are translated, others show their code for support. */
export function errorMessage(t: TFunction, error: Error): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK_ERROR') return t('errors.NETWORK_ERROR')
    if (error.statusCode === 404) return t('errors.NOT_FOUND')
    if (error.statusCode === 403) return t('errors.FORBIDDEN')
    // A gateway (the dev proxy, a load balancer) answering for a server that is down or restarting.
    if (error.statusCode === 502 || error.statusCode === 503 || error.statusCode === 504) return t('errors.UNAVAILABLE')
    return t('errors.generic', { code: error.code })
  }
  return t('errors.generic', { code: error.name })
}

import type { TFunction } from 'i18next'
import { ApiError } from '../api/api-error.ts'
import { errorMessage } from '../i18n/error-message.ts'

/** The sentence under the login form for a failed sign-in: the four cases a person can act on, then the rest. */
export function loginErrorMessage(t: TFunction, error: Error): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'INVALID_CREDENTIALS':
        return t('login.errors.invalidCredentials')
      case 'RATE_LIMITED':
        return error.retryAfterSeconds === undefined
          ? t('login.errors.rateLimited')
          : t('login.errors.rateLimitedFor', { seconds: error.retryAfterSeconds })
      case 'VALIDATION_FAILED':
        return namesPhone(error.details) ? t('login.errors.invalidPhone') : t('login.errors.invalid')
    }
  }
  return errorMessage(t, error)
}

/** Whether a 400's details (`[{ field: 'body.phone', … }]`) blame the phone number. */
function namesPhone(details: unknown): boolean {
  return (
    Array.isArray(details) &&
    details.some((detail: { field?: unknown }) => String(detail?.field ?? '').endsWith('phone'))
  )
}

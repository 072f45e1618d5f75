import type { TFunction } from 'i18next'
import { ApiError } from '../api/api-error.ts'
import { errorMessage } from '../i18n/error-message.ts'

/**
 * Why a step failed, in the handler's words: a case that moved on meanwhile (a colleague took the step first) is
 * the usual refusal here, and says so instead of a code.
 */
export function stepErrorMessage(t: TFunction, error: Error): string {
  if (error instanceof ApiError) {
    if (error.code === 'ILLEGAL_TRANSITION') return t('department.errors.moved')
    if (error.code === 'VALIDATION_FAILED') return t('department.errors.invalid')
    if (error.statusCode === 413) return t('department.errors.tooLarge')
  }
  return errorMessage(t, error)
}

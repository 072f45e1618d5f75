import type { TFunction } from 'i18next'
import { serverErrorsZhCN } from './locales/server-errors.ts'

export type ServerErrorCode = keyof typeof serverErrorsZhCN

export function isKnownServerError(code: string): code is ServerErrorCode {
  return Object.hasOwn(serverErrorsZhCN, code)
}

/**
 * The web's words for an API error code in the interface language (locales/server-errors.ts), or null for a code
 * the catalogue lacks. The server's own message ("中文 / English") is not shown: it may carry coordinates, ids or
 * English, and which half is which is the server's business.
 */
export function serverErrorText(t: TFunction, code: string): string | null {
  return isKnownServerError(code) ? t(`serverErrors.${code}`) : null
}

/**
 * A field-level validation detail, which has no code of its own (the account form's password rules): the half of
 * the server's "中文 / English" message in the interface language. Codes go through `serverErrorText`.
 */
export function serverMessageIn(message: string, language: string | undefined): string {
  const [chinese, english] = message.split(' / ', 2)
  return (language === 'en' ? english : chinese)?.trim() || message
}

import type { TFunction } from 'i18next'

/** Why IndexedDB refused to keep a submission, in words: its own messages are English and technical. */
export function storageProblem(t: TFunction, error: unknown): string {
  const full = error instanceof DOMException && error.name === 'QuotaExceededError'
  return full ? t('worker.report.storageFull') : t('worker.report.storageUnavailable')
}

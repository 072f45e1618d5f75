import { useTranslation } from 'react-i18next'

/** Shown while a page's lazy chunk arrives (the first visit to a page on a slow phone network). */
export function PageLoading() {
  const { t } = useTranslation()
  return (
    <div className="page-message">
      <p role="status">{t('common.loading')}</p>
    </div>
  )
}

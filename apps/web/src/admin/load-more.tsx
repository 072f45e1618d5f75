import { useTranslation } from 'react-i18next'
import { errorMessage } from '../i18n/error-message.ts'
import type { CursorList } from './use-cursor-list.ts'

/** The foot of a paginated list: the failure with a retry, "load more", or the end. */
export function LoadMore<T>({ list }: { list: CursorList<T> }) {
  const { t } = useTranslation()
  if (list.phase === 'error' && list.error) {
    return (
      <p className="list-foot" role="alert">
        {errorMessage(t, list.error)}{' '}
        <button type="button" onClick={list.retry}>
          {t('common.retry')}
        </button>
      </p>
    )
  }
  if (list.phase === 'loading')
    return (
      <p className="list-foot" role="status">
        {t('common.loading')}
      </p>
    )
  if (list.items.length === 0) return <p className="list-foot">{t('list.empty')}</p>
  if (!list.hasMore) return <p className="list-foot">{t('list.end', { count: list.items.length })}</p>
  return (
    <p className="list-foot">
      <button type="button" onClick={list.loadMore} disabled={list.phase === 'more'}>
        {list.phase === 'more' ? t('common.loading') : t('list.more')}
      </button>
    </p>
  )
}

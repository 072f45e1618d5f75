import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { OutboxItem } from '../../outbox/outbox-item.ts'

/** One line on the home page: how many submissions are still on the phone, and whether any was refused. */
export function OutboxSummary({ items }: { items: OutboxItem[] | null }) {
  const { t } = useTranslation()
  if (!items) return null
  const waiting = items.filter((item) => item.state === 'waiting' || item.state === 'sending').length
  const refused = items.filter((item) => item.state === 'refused').length
  return (
    <Link
      to="/m/outbox"
      className={refused ? 'outbox-summary outbox-summary-refused' : 'outbox-summary'}
      data-testid="outbox-summary"
    >
      <span>{t('worker.outbox.title')}</span>
      <span data-testid="outbox-waiting-count" data-count={waiting}>
        {waiting ? t('worker.outbox.waitingCount', { count: waiting }) : t('worker.outbox.allSent')}
      </span>
      {refused > 0 && <span>{t('worker.outbox.refusedCount', { count: refused })}</span>}
    </Link>
  )
}

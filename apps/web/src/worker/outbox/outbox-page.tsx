import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { retryOutboxNow } from '../../outbox/outbox-runner.ts'
import { useOutboxItems } from '../../outbox/use-outbox.ts'
import { useCurrentUser } from '../../session/current-user.tsx'
import { useOnline } from '../use-online.ts'
import { OutboxList } from './outbox-list.tsx'

/**
 * `/m/outbox`, 待发送: what is still on the phone — waiting, on its way, or refused by the server (to read and let go
 * of). What went through is the server's and is listed in 我的上报 (/m/reports), from every phone; "send now" skips
 * the wait.
 */
export function OutboxPage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const items = useOutboxItems(user.id)
  const online = useOnline()
  const unsent = items?.filter((item) => item.state !== 'sent') ?? null
  const waiting = unsent?.some((item) => item.state === 'waiting') ?? false

  return (
    <div className="worker-page">
      <nav className="worker-back">
        <Link to="/m">{t('worker.back')}</Link>
      </nav>
      <h1>{t('worker.outbox.title')}</h1>
      <p className="worker-note">{online ? t('worker.outbox.explainOnline') : t('worker.offline')}</p>
      {waiting && (
        <button type="button" className="secondary-button" onClick={() => void retryOutboxNow(user.id)}>
          {t('worker.outbox.sendNow')}
        </button>
      )}
      {unsent && <OutboxList items={unsent} />}
      <Link to="/m/reports" className="worker-note" data-testid="outbox-reports-link">
        {t('worker.reports.open')} ›
      </Link>
    </div>
  )
}

import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { OutboxItem } from '../../outbox/outbox-item.ts'
import { discardOutboxItem } from '../../outbox/outbox-runner.ts'
import { formatTime } from '../../i18n/format-time.ts'
import { serverErrorText } from '../../i18n/server-message.ts'

/** Submissions on the phone with their state: waiting (and why the last try failed), sending, refused (why), in words. */
export function OutboxList({ items }: { items: OutboxItem[] }) {
  const { t, i18n } = useTranslation()
  if (items.length === 0) return <p className="worker-note">{t('worker.outbox.empty')}</p>
  return (
    <ul className="outbox-list" data-testid="outbox-list">
      {[...items].reverse().map((item) => (
        <li
          key={item.clientId}
          className={`outbox-item outbox-${item.state}`}
          data-testid="outbox-item"
          data-state={item.state}
          data-client-id={item.clientId}
        >
          <span className="outbox-what">{describe(item, t)}</span>
          <span className="outbox-when">{formatTime(new Date(item.createdAt).toISOString(), i18n.language)}</span>
          <span className="outbox-state" data-testid="outbox-state">
            {t(`worker.outbox.state.${item.state}`)}
            {item.state === 'waiting' &&
              item.lastError &&
              ` · ${t('worker.outbox.lastError', { error: serverErrorText(t, item.lastError) ?? t('errors.unknown'), attempts: item.attempts })}`}
            {item.state === 'sent' && item.result && ` · ${item.result.caseNumber}`}
          </span>
          {item.state === 'refused' && item.refusal && (
            <>
              <span className="outbox-refusal" role="alert">
                {serverErrorText(t, item.refusal.code) ?? t('errors.unknown')}
              </span>
              <button type="button" className="link-button" onClick={() => void discardOutboxItem(item.clientId)}>
                {t('worker.outbox.discard')}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

function describe(item: OutboxItem, t: TFunction): string {
  const photos = item.photoCount ? ` · ${t('worker.outbox.photos', { count: item.photoCount })}` : ''
  switch (item.payload.kind) {
    case 'report':
      return `${t('worker.outbox.report')}: ${item.payload.report.description}${photos}`
    case 'action':
      return `${t(`worker.task.steps.${item.payload.step.action}`)} · ${item.payload.caseNumber}${photos}`
    case 'visit':
      return `${t('registry.visit.outbox')}: ${item.payload.visit.houseAddress}${photos}`
  }
}

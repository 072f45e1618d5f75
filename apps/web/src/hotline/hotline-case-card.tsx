import { useTranslation } from 'react-i18next'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { hotlineCaseQuery } from './hotline-api.ts'
import { HotlineOrderSteps } from './hotline-order-steps.tsx'
import './hotline.css'

/**
 * The 12345 facts on a case page: 工单号, the caller (whole for supervisors and admins, as the API decides), call
 * time, limits with their due times, what was answered to the city and the revisits; and the order's next step.
 * Nothing at all for a case that did not come from the hotline.
 */
export function HotlineCaseCard({ incidentId }: { incidentId: string }) {
  const { t, i18n } = useTranslation()
  const { resource } = useApiQuery(hotlineCaseQuery(incidentId))
  if (resource.status === 'error') return <p role="alert">{errorMessage(t, resource.error)}</p>
  if (resource.status !== 'ready' || resource.data === null) return null
  const order = resource.data
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—')
  return (
    <section className="case-card" data-testid="hotline-card">
      <h2>
        {t('hotline.card.title')}{' '}
        <span className="hotline-status" data-status={order.status}>
          {t(`hotline.status.${order.status}`)}
        </span>
      </h2>
      <dl className="grid-facts">
        <dt>{t('hotline.column.orderNumber')}</dt>
        <dd data-testid="hotline-order-number">{order.orderNumber}</dd>
        <dt>{t('hotline.column.caller')}</dt>
        <dd data-testid="hotline-caller">
          {order.callerName} · {order.callerPhone}
        </dd>
        <dt>{t('hotline.column.calledAt')}</dt>
        <dd>{time(order.calledAt)}</dd>
        <dt>{t('hotline.column.signDue')}</dt>
        <dd>
          {time(order.signDueAt)} · {t('hotline.card.signLimit', { count: order.signLimitHours })}
          {order.signedAt && ` · ${t('hotline.card.signedAt', { time: time(order.signedAt) })}`}
        </dd>
        <dt>{t('hotline.column.finishDue')}</dt>
        <dd>
          {time(order.finishDueAt)} · {t('hotline.card.finishLimit', { count: order.finishLimitDays })}
        </dd>
        {order.redoCount > 0 && (
          <>
            <dt>{t('hotline.column.redo')}</dt>
            <dd>{t('hotline.redoCount', { count: order.redoCount })}</dd>
          </>
        )}
      </dl>
      {order.replies.length + order.revisits.length > 0 && (
        <ol className="hotline-trail">
          {[
            ...order.replies.map((r) => ({ at: r.at, what: t(`hotline.step.${r.kind}`), text: r.content })),
            ...order.revisits.map((r) => ({
              at: r.at,
              what: `${t('hotline.step.revisit')}：${t(`hotline.revisit.${r.result}`)}`,
              text: r.note,
            })),
          ]
            .sort((a, b) => a.at.localeCompare(b.at))
            .map((entry, i) => (
              <li key={i}>
                <span className="desk-hint">{time(entry.at)}</span> {entry.what}
                {entry.text && `：${entry.text}`}
              </li>
            ))}
        </ol>
      )}
      <HotlineOrderSteps order={order} />
    </section>
  )
}

import { useInfiniteQuery } from '@tanstack/react-query'
import { HOTLINE_ORDER_STATUSES } from '@wangge/workflow'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { hotlineOrdersQuery, type HotlineStatus } from './hotline-api.ts'
import { HotlineOrderSteps } from './hotline-order-steps.tsx'
import { HotlineSheetUpload } from './hotline-sheet-upload.tsx'
import { HotlineIndicatorStrip } from './hotline-indicators.tsx'
import '../case-desk/case-desk.css'
import './hotline.css'

/**
 * The supervisor's 12345 desk (`/hotline`): a sheet of work orders uploaded with its row-by-row report, and the
 * orders by where they stand with the city, each with its next step (签收, 回单, 退单, 回访) on its row.
 */
export function HotlinePage() {
  const { t } = useTranslation()
  const [status, setStatus] = useState<HotlineStatus | null>(null)
  return (
    <div className="case-desk hotline-page" data-testid="hotline-page">
      <h1>{t('hotline.title')}</h1>
      <HotlineIndicatorStrip />
      <HotlineSheetUpload />
      <div className="desk-tabs" role="tablist" aria-label={t('hotline.statuses')}>
        {[null, ...HOTLINE_ORDER_STATUSES].map((s) => (
          <button
            key={s ?? 'all'}
            type="button"
            role="tab"
            className="desk-tab"
            aria-selected={status === s}
            data-testid={`hotline-tab-${s ?? 'all'}`}
            onClick={() => setStatus(s)}
          >
            {s ? t(`hotline.status.${s}`) : t('hotline.all')}
          </button>
        ))}
      </div>
      <OrderList status={status} />
    </div>
  )
}

function OrderList({ status }: { status: HotlineStatus | null }) {
  const { t, i18n } = useTranslation()
  const list = useInfiniteQuery(hotlineOrdersQuery(status))
  if (list.isPending) return <p role="status">{t('common.loading')}</p>
  if (list.isError) return <p role="alert">{errorMessage(t, list.error)}</p>
  const rows = list.data.pages.flatMap((page) => page.items)
  if (rows.length === 0) return <p className="desk-empty">{t('hotline.empty')}</p>
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—')
  return (
    <>
      <table className="desk-table hotline-table" data-testid="hotline-list">
        <thead>
          <tr>
            <th>{t('hotline.column.orderNumber')}</th>
            <th>{t('hotline.column.case')}</th>
            <th>{t('hotline.column.caller')}</th>
            <th>{t('hotline.column.content')}</th>
            <th>{t('hotline.column.calledAt')}</th>
            <th>{t('hotline.column.signDue')}</th>
            <th>{t('hotline.column.finishDue')}</th>
            <th>{t('hotline.column.status')}</th>
            <th>{t('hotline.column.steps')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((order) => {
            return (
              <tr key={order.id} data-testid="hotline-row" data-order-number={order.orderNumber}>
                <td>{order.orderNumber}</td>
                <td>
                  <Link to={`/incidents/${order.incident.id}`}>{order.incident.caseNumber}</Link>
                  <div className="desk-hint">{t(`live.state.${order.incident.status}` as 'live.state.reported')}</div>
                </td>
                <td>
                  {order.callerName}
                  <div className="desk-hint">{order.callerPhone}</div>
                </td>
                <td className="desk-description">{order.content}</td>
                <td>{time(order.calledAt)}</td>
                <td>
                  <DueTime dueAt={order.signDueAt} running={order.status === 'received'} />
                </td>
                <td>
                  <DueTime dueAt={order.finishDueAt} running={order.status === 'signed'} />
                </td>
                <td>
                  <span className="hotline-status" data-status={order.status} data-testid="hotline-status">
                    {t(`hotline.status.${order.status}`)}
                  </span>
                  {order.revisitResult && (
                    <div className="desk-hint">{t(`hotline.revisit.${order.revisitResult}`)}</div>
                  )}
                  {order.redoCount > 0 && (
                    <div className="desk-rework">{t('hotline.redoCount', { count: order.redoCount })}</div>
                  )}
                </td>
                <td>
                  <HotlineOrderSteps order={order} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {list.hasNextPage && (
        <button
          type="button"
          className="desk-more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? t('common.loading') : t('hotline.more')}
        </button>
      )}
    </>
  )
}

/** A due time, marked late while the order still waits on it past the time. */
function DueTime({ dueAt, running }: { dueAt: string; running: boolean }) {
  const { t, i18n } = useTranslation()
  // The time the row was first drawn: lateness is read when the list loads (each step reloads it).
  const [now] = useState(Date.now)
  return (
    <>
      {formatTime(dueAt, i18n.language)}
      {running && Date.parse(dueAt) < now && <span className="desk-late"> · {t('hotline.late')}</span>}
    </>
  )
}

import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { IncidentSummary } from '../../api/incident-reports.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { formatTime } from '../../i18n/format-time.ts'
import { useOutboxItems } from '../../outbox/use-outbox.ts'
import { useCurrentUser } from '../../session/current-user.tsx'
import { categoryLabel } from '../category-label.ts'
import { useMyReports } from './use-my-reports.ts'

/**
 * `/m/reports`, 我的上报: every report this worker made, from this phone or another, as the server has it — newest
 * first, a page at a time, each with its state in words and kept current by live events. A tap opens the case.
 * What is still on this phone and not yet sent is the outbox's (待发送), linked from here while anything waits.
 */
export function ReportsPage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const outbox = useOutboxItems(user.id)
  const reports = useMyReports(user.id, outbox)
  const waiting =
    outbox?.filter((item) => item.payload.kind === 'report' && (item.state === 'waiting' || item.state === 'sending'))
      .length ?? 0
  const items = reports.data?.pages.flatMap((page) => page.items) ?? []

  return (
    <div className="worker-page reports-page">
      <nav className="worker-back">
        <Link to="/m">{t('worker.back')}</Link>
      </nav>
      <h1>{t('worker.reports.title')}</h1>
      {waiting > 0 && (
        <Link to="/m/outbox" className="outbox-summary" data-testid="reports-waiting">
          <span>{t('worker.outbox.title')}</span>
          <span>{t('worker.outbox.waitingCount', { count: waiting })}</span>
        </Link>
      )}
      {reports.isError && (
        <p className="worker-note" role="status">
          {reports.data ? t('worker.reports.stale') : errorMessage(t, reports.error)}{' '}
          <button type="button" className="link-button" onClick={() => void reports.refetch()}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {/* No network: TanStack Query holds the request until the browser is back online, then sends it by itself. */}
      {reports.isPaused && (
        <p className="worker-note" role="status" data-testid="reports-offline">
          {reports.data ? t('worker.reports.stale') : t('serverErrors.NETWORK_ERROR')}
        </p>
      )}
      {reports.isPending && !reports.isPaused && (
        <p className="worker-note" role="status">
          {t('common.loading')}
        </p>
      )}
      {reports.isSuccess && items.length === 0 && <p className="worker-note">{t('worker.reports.empty')}</p>}
      {items.length > 0 && (
        <ul className="task-list" data-testid="report-list">
          {items.map((report) => (
            <ReportItem key={report.id} report={report} />
          ))}
        </ul>
      )}
      {reports.hasNextPage && (
        <button
          type="button"
          className="secondary-button"
          disabled={reports.isFetchingNextPage}
          onClick={() => void reports.fetchNextPage()}
          data-testid="reports-more"
        >
          {reports.isFetchingNextPage ? t('worker.reports.loadingMore') : t('worker.reports.more')}
        </button>
      )}
    </div>
  )
}

function ReportItem({ report }: { report: IncidentSummary }) {
  const { t, i18n } = useTranslation()
  return (
    <li>
      <Link to={`/m/tasks/${report.id}`} className="task-link" data-testid="report-item" data-status={report.status}>
        <span className="task-head">
          <span className="task-case">{report.caseNumber}</span>
          <span className={`task-status status-${report.status}`} data-testid="report-status">
            {t(`worker.status.${report.status}`, { defaultValue: report.status })}
          </span>
        </span>
        <span className="task-title">{categoryLabel(report.category, i18n.language)}</span>
        <span className="task-description">{report.description}</span>
        <span className="task-foot">
          {report.createdAt && <span>{formatTime(report.createdAt, i18n.language)}</span>}
          {report.reworkCount > 0 && (
            <span className="task-rework">{t('worker.reports.rework', { count: report.reworkCount })}</span>
          )}
        </span>
      </Link>
    </li>
  )
}

import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { exportUrl, stationQuery, type StationDetail } from '../api/stations.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { AuditHistory } from './audit-history.tsx'
import { stationMark } from './station-status.ts'
import '../admin/admin.css'
import './stations.css'

/** `/stations/:id`: a station, its compliance, open rectifications and its audit history with evidence photos. */
export function StationPage() {
  const { t } = useTranslation()
  const id = Number(useParams().id)
  const { resource, retry } = useApiQuery({ ...stationQuery(id), enabled: Number.isInteger(id) })

  return (
    <div className="admin-page station-page">
      <p>
        <Link to="/stations">← {t('stations.detail.back')}</Link>
      </p>
      {resource.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {resource.status === 'error' && (
        <p className="page-notice" role="alert">
          {errorMessage(t, resource.error)}{' '}
          <button type="button" onClick={retry}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {resource.status === 'ready' && <StationView station={resource.data} />}
    </div>
  )
}

function StationView({ station }: { station: StationDetail }) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? i18n.language
  const mark = stationMark(station)
  return (
    <>
      <header className="admin-header">
        <div>
          <h1 data-testid="station-name">{station.name}</h1>
          <p className="muted">
            {t(`stations.types.${station.type}`)} · {station.grid.name}
            {!station.active && ` · ${t('stations.detail.inactive')}`}
          </p>
        </div>
        <div className="row-actions">
          {station.active && (
            <Link className="button-link primary" to={`/stations/${station.id}/audit`}>
              {t('stations.detail.startAudit')}
            </Link>
          )}
          <a className="button-link" href={exportUrl('xlsx', { station: station.id })} download>
            {t('stations.exportXlsx')}
          </a>
        </div>
      </header>

      <section className="station-facts">
        <div className="station-status-card">
          <span className={`mark-badge mark-${mark}`} data-testid="station-status" data-status={mark}>
            {t(`stations.status.${station.compliance.status === 'unaudited' ? 'unaudited' : mark}`)}
          </span>
          {station.compliance.score !== null && (
            <strong className="station-score">{t('stations.detail.score', { score: station.compliance.score })}</strong>
          )}
          <span className="muted small">
            {t('stations.columns.lastAudit')}:{' '}
            {station.compliance.lastAuditAt
              ? formatTime(station.compliance.lastAuditAt, language)
              : t('stations.never')}
          </span>
          {station.compliance.dueAt && (
            <span className="muted small">
              {t('stations.columns.dueAt')}: {formatTime(station.compliance.dueAt, language)}
            </span>
          )}
        </div>
        <dl className="station-details">
          <dt>{t('stations.detail.address')}</dt>
          <dd>{station.address}</dd>
          <dt>{t('stations.detail.contact')}</dt>
          <dd>
            {station.contactName} <a href={`tel:${station.contactPhone}`}>{station.contactPhone}</a>
          </dd>
          <dt>{t('stations.detail.hours')}</dt>
          <dd>{station.openingHours}</dd>
          <dt>{t('stations.detail.grid')}</dt>
          <dd>
            {station.grid.name} <span className="grid-code">{station.grid.code}</span>
          </dd>
        </dl>
      </section>

      <section>
        <h2>{t('stations.detail.rectifications')}</h2>
        {station.rectifications.length === 0 ? (
          <p className="muted">{t('stations.detail.noRectifications')}</p>
        ) : (
          <ul className="rectification-list">
            {station.rectifications.map((r) => (
              <li key={r.id} className={r.closedByAuditId ? 'closed' : r.overdue ? 'overdue' : 'open'}>
                <strong>{t(`stations.items.${r.item}`)}</strong> · {t('stations.detail.dueOn', { date: r.dueOn })} ·{' '}
                {r.closedByAuditId
                  ? t('stations.detail.closed')
                  : r.overdue
                    ? t('stations.detail.overdue')
                    : t('stations.detail.open')}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <h2>{t('stations.detail.history')}</h2>
        {station.audits.length === 0 ? (
          <p className="muted">{t('stations.detail.noAudits')}</p>
        ) : (
          <AuditHistory audits={station.audits} />
        )}
      </section>
    </>
  )
}

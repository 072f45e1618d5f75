import type { ComplianceStatus, StationType } from '@wangge/stations'
import { COMPLIANCE_SHARE_BANDS, STATION_TYPE_CODES } from '@wangge/stations'
import { Fragment, useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { gridLayerQuery } from '../api/grids.ts'
import { complianceQuery, exportUrl, stationsQuery, type Station } from '../api/stations.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { useAppConfig } from '../config/app-config.tsx'
import { errorMessage } from '../i18n/error-message.ts'
import { ComplianceMap } from './compliance-map.tsx'
import { RollUpTable } from './roll-up-table.tsx'
import { StationsTable } from './stations-table.tsx'
import { SHARE_BAND_COLOURS, stationMark } from './station-status.ts'
import '../admin/admin.css'
import './stations.css'

const STATUSES: readonly ComplianceStatus[] = ['compliant', 'failing', 'unaudited']

/**
 * `/stations`: the managers' view of the six haves — the compliance map (grids shaded by share, stations coloured),
 * the roll-up per community or area, and the sortable station table, with the exports for reporting upward.
 * Filters and the level live in the URL so a view can be shared.
 */
export function StationsPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { resource: config } = useAppConfig()
  const [params, setParams] = useSearchParams()
  const level = params.get('level') === '2' ? 2 : 1
  const status = STATUSES.find((s) => s === params.get('compliance'))
  const type = STATION_TYPE_CODES.find((s) => s === params.get('type'))
  const dueOnly = params.get('due') === 'true'

  const { resource: stations, retry } = useApiQuery(stationsQuery)
  const { resource: rollUp } = useApiQuery(complianceQuery(level))
  const { resource: grids } = useApiQuery(gridLayerQuery({ level, zoom: 14 }))

  const shown = useMemo(
    () => (stations.status === 'ready' ? stations.data.filter((s) => matches(s, { status, type, dueOnly })) : []),
    [stations, status, type, dueOnly],
  )
  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) next.set(name, value)
    else next.delete(name)
    setParams(next, { replace: true })
  }
  const label = useCallback(
    (s: Station) =>
      `${s.name} · ${t(`stations.status.${s.compliance.status === 'unaudited' ? 'unaudited' : stationMark(s)}`)}`,
    [t],
  )
  const open = useCallback((id: number) => void navigate(`/stations/${id}`), [navigate])

  return (
    <div className="admin-page stations-page">
      <header className="admin-header">
        <div>
          <h1>{t('stations.title')}</h1>
          <p className="muted">{t('stations.subtitle')}</p>
        </div>
        <div className="row-actions">
          <a className="button-link" href={exportUrl('xlsx')} download data-testid="export-xlsx">
            {t('stations.exportXlsx')}
          </a>
          <a className="button-link" href={exportUrl('csv', { table: 'stations' })} download>
            {t('stations.exportCsv')}
          </a>
          <a className="button-link" href={exportUrl('csv', { table: 'audits' })} download>
            {t('stations.exportAuditsCsv')}
          </a>
        </div>
      </header>

      <section className="stations-overview">
        <div className="stations-map-panel">
          <div className="panel-heading">
            <h2>{t('stations.mapTitle')}</h2>
            <div className="segmented" role="group" aria-label={t('stations.rollUpTitle')}>
              {([1, 2] as const).map((l) => (
                <button
                  key={l}
                  type="button"
                  aria-pressed={level === l}
                  onClick={() => setParam('level', l === 2 ? '2' : undefined)}
                >
                  {t(l === 1 ? 'stations.levels.community' : 'stations.levels.area')}
                </button>
              ))}
            </div>
          </div>
          <div className="stations-map-frame">
            {config.status === 'ready' && (
              <ComplianceMap
                config={config.data}
                grids={grids.status === 'ready' ? grids.data : null}
                rollUp={rollUp.status === 'ready' ? rollUp.data : null}
                stations={stations.status === 'ready' ? shown : null}
                onOpen={open}
                label={label}
              />
            )}
          </div>
          <Legend />
        </div>
        <div className="stations-roll-up-panel">
          <h2>{t('stations.rollUpTitle')}</h2>
          {rollUp.status === 'ready' && <RollUpTable rows={rollUp.data} />}
        </div>
      </section>

      <section>
        <div className="panel-heading">
          <h2>{t('stations.tableTitle')}</h2>
        </div>
        <div className="filter-bar">
          <label>
            {t('stations.filters.compliance')}
            <select value={status ?? ''} onChange={(e) => setParam('compliance', e.target.value || undefined)}>
              <option value="">{t('stations.filters.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`stations.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('stations.filters.type')}
            <select value={type ?? ''} onChange={(e) => setParam('type', e.target.value || undefined)}>
              <option value="">{t('stations.filters.all')}</option>
              {STATION_TYPE_CODES.map((s) => (
                <option key={s} value={s}>
                  {t(`stations.types.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox-label">
            <input
              type="checkbox"
              checked={dueOnly}
              onChange={(e) => setParam('due', e.target.checked ? 'true' : undefined)}
            />
            {t('stations.filters.dueOnly')}
          </label>
        </div>
        {stations.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
        {stations.status === 'error' && (
          <p className="page-notice" role="alert">
            {errorMessage(t, stations.error)}{' '}
            <button type="button" onClick={retry}>
              {t('common.retry')}
            </button>
          </p>
        )}
        {stations.status === 'ready' &&
          (shown.length > 0 ? <StationsTable stations={shown} /> : <p className="muted">{t('stations.noStations')}</p>)}
      </section>
    </div>
  )
}

function matches(
  station: Station,
  filter: { status: ComplianceStatus | undefined; type: StationType | undefined; dueOnly: boolean },
): boolean {
  if (filter.status && station.compliance.status !== filter.status) return false
  if (filter.type && station.type !== filter.type) return false
  if (filter.dueOnly && !station.compliance.due) return false
  return true
}

/** A band's edge as the legend writes it: 0.6 → '60%'. */
function percent(share: number): string {
  return `${Math.round(share * 100)}%`
}

function Legend() {
  const { t } = useTranslation()
  return (
    <div className="stations-legend" aria-label={t('stations.legend.stations')}>
      {(['compliant', 'failing', 'due'] as const).map((mark) => (
        <span key={mark} className="legend-entry">
          <span className={`station-pin station-pin-${mark} legend-pin`} aria-hidden="true" />
          {t(`stations.status.${mark}`)}
        </span>
      ))}
      <span className="legend-entry">
        {t('stations.legend.share')}:
        {COMPLIANCE_SHARE_BANDS.map(({ band, from, below }) => (
          <Fragment key={band}>
            <span className="legend-swatch" style={{ background: SHARE_BAND_COLOURS[band] }} aria-hidden="true" />
            {Number.isFinite(below) ? `<${percent(below)}` : `≥${percent(from)}`}
          </Fragment>
        ))}
        <span className="legend-swatch" style={{ background: SHARE_BAND_COLOURS.none }} aria-hidden="true" />
        {t('stations.legend.noStations')}
      </span>
    </div>
  )
}

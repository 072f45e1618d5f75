import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Station } from '../api/stations.ts'
import { formatTime } from '../i18n/format-time.ts'
import { stationMark } from './station-status.ts'

type SortKey = 'name' | 'grid' | 'status' | 'score' | 'lastAudit' | 'dueAt' | 'rectifications'
type Sort = { key: SortKey; descending: boolean }

/** Failing first, then due, then compliant: the order a manager works through. */
const MARK_ORDER = { failing: 0, due: 1, compliant: 2 } as const

const VALUE: Record<SortKey, (s: Station) => string | number> = {
  name: (s) => s.name,
  grid: (s) => s.grid.code,
  status: (s) => MARK_ORDER[stationMark(s)],
  score: (s) => s.compliance.score ?? -1,
  lastAudit: (s) => s.compliance.lastAuditAt ?? '',
  dueAt: (s) => s.compliance.dueAt ?? '',
  rectifications: (s) => s.openRectifications,
}

function sorted(stations: Station[], { key, descending }: Sort): Station[] {
  const collator = new Intl.Collator('zh-CN')
  const compare = (a: Station, b: Station) => {
    const x = VALUE[key](a)
    const y = VALUE[key](b)
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y))
    return (descending ? -order : order) || a.id - b.id
  }
  return [...stations].sort(compare)
}

/** The stations as a table sortable by any column header; the status reads as words, not only colour. */
export function StationsTable({ stations }: { stations: Station[] }) {
  const { t, i18n } = useTranslation()
  const language = i18n.resolvedLanguage ?? i18n.language
  const [sort, setSort] = useState<Sort>({ key: 'status', descending: false })
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        title={t('stations.sortBy', { column: label })}
        onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  )
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="stations-table">
        <thead>
          <tr>
            {header('name', t('stations.columns.name'))}
            {header('grid', t('stations.columns.grid'))}
            {header('status', t('stations.columns.status'))}
            {header('score', t('stations.columns.score'))}
            {header('lastAudit', t('stations.columns.lastAudit'))}
            {header('dueAt', t('stations.columns.dueAt'))}
            <th>{t('stations.columns.failed')}</th>
            {header('rectifications', t('stations.columns.rectifications'))}
            <th>{t('stations.columns.contact')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted(stations, sort).map((station) => {
            const mark = stationMark(station)
            return (
              <tr key={station.id} data-station-id={station.id} className={station.active ? undefined : 'row-inactive'}>
                <td>
                  <Link to={`/stations/${station.id}`}>{station.name}</Link>
                  <div className="muted small">{t(`stations.types.${station.type}`)}</div>
                </td>
                <td className="nowrap">{station.grid.name}</td>
                <td className="nowrap">
                  <span className={`mark-badge mark-${mark}`} data-status={mark}>
                    {t(`stations.status.${station.compliance.status === 'unaudited' ? 'unaudited' : mark}`)}
                  </span>
                </td>
                <td className="nowrap numeric">{station.compliance.score ?? '—'}</td>
                <td className="nowrap">
                  {station.compliance.lastAuditAt
                    ? formatTime(station.compliance.lastAuditAt, language)
                    : t('stations.never')}
                </td>
                <td className="nowrap">
                  {station.compliance.dueAt ? formatTime(station.compliance.dueAt, language) : '—'}
                </td>
                <td>
                  {(station.latestItems ?? [])
                    .filter((i) => !i.passed)
                    .map((i) => t(`stations.items.${i.code}`))
                    .join('、')}
                </td>
                <td className="numeric">{station.openRectifications}</td>
                <td className="nowrap">
                  {station.contactName} <span className="grid-code">{station.contactPhone}</span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

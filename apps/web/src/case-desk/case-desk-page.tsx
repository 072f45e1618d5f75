import type { IncidentQueue } from '@wangge/contract'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { LiveConnectionProvider } from '../live/live-connection.tsx'
import { deskListQuery, exportHref, NO_FILTERS, QUEUES, queueCountsQuery, type DeskFilters } from './case-desk-api.ts'
import { DeskFilterBar } from './desk-filters.tsx'
import { useDeskLive } from './use-desk-live.ts'
import './case-desk.css'

/**
 * The supervisor's case desk (`/incidents`): the queues that wait for them with their counts, a search by case
 * number or words, the filters, the list newest first with "load more" (keyset pages), and the export of exactly
 * what is listed. Everything is what the API lets this user see; live events keep list and counts current.
 */
export function CaseDeskPage() {
  return (
    <LiveConnectionProvider>
      <CaseDesk />
    </LiveConnectionProvider>
  )
}

function CaseDesk() {
  const { t } = useTranslation()
  useDeskLive()
  const [filters, setFilters] = useState<DeskFilters>(NO_FILTERS)
  const [typed, setTyped] = useState('')

  const search = (event: FormEvent) => {
    event.preventDefault()
    setFilters({ ...filters, q: typed.trim() })
  }

  return (
    <div className="case-desk" data-testid="case-desk">
      <h1>{t('incidentDesk.title')}</h1>
      <QueueTabs filters={filters} onPick={(queue) => setFilters({ ...filters, queue })} />
      <form className="desk-search" role="search" onSubmit={search}>
        <label htmlFor="desk-search-input">{t('incidentDesk.search.label')}</label>
        <input
          id="desk-search-input"
          type="search"
          value={typed}
          maxLength={50}
          placeholder={t('incidentDesk.search.placeholder')}
          onChange={(e) => setTyped(e.target.value)}
          data-testid="desk-search"
        />
        <button type="submit">{t('incidentDesk.search.submit')}</button>
        {filters.q && (
          <button
            type="button"
            onClick={() => {
              setTyped('')
              setFilters({ ...filters, q: '' })
            }}
          >
            {t('incidentDesk.search.clear')}
          </button>
        )}
      </form>
      <DeskFilterBar filters={filters} onChange={setFilters} />
      <div className="desk-export">
        <span>{t('incidentDesk.export.label')}</span>
        <a href={exportHref(filters, 'xlsx')} download data-testid="export-xlsx">
          {t('incidentDesk.export.xlsx')}
        </a>
        <a href={exportHref(filters, 'csv')} download data-testid="export-csv">
          {t('incidentDesk.export.csv')}
        </a>
        <span className="desk-hint">{t('incidentDesk.export.limit')}</span>
      </div>
      <CaseList filters={filters} />
    </div>
  )
}

function QueueTabs({ filters, onPick }: { filters: DeskFilters; onPick: (queue: IncidentQueue | null) => void }) {
  const { t } = useTranslation()
  const counts = useApiQuery(queueCountsQuery(filters)).resource
  const tab = (queue: IncidentQueue | null, label: string, count?: number) => (
    <button
      key={queue ?? 'all'}
      type="button"
      role="tab"
      aria-selected={filters.queue === queue}
      className={queue === 'overdue' && count ? 'desk-tab desk-tab-late' : 'desk-tab'}
      data-testid={`queue-${queue ?? 'all'}`}
      onClick={() => onPick(queue)}
    >
      {label}
      {count !== undefined && (
        <span className="desk-count" data-testid={`count-${queue}`}>
          {count}
        </span>
      )}
    </button>
  )
  return (
    <div className="desk-tabs" role="tablist" aria-label={t('incidentDesk.queues')}>
      {tab(null, t('incidentDesk.queue.all'))}
      {QUEUES.map((queue) =>
        tab(queue, t(`incidentDesk.queue.${queue}`), counts.status === 'ready' ? counts.data[queue] : undefined),
      )}
    </div>
  )
}

function CaseList({ filters }: { filters: DeskFilters }) {
  const { t, i18n } = useTranslation()
  const list = useInfiniteQuery(deskListQuery(filters))
  if (list.isPending) return <p role="status">{t('common.loading')}</p>
  if (list.isError) return <p role="alert">{errorMessage(t, list.error)}</p>
  const rows = list.data.pages.flatMap((page) => page.items)
  if (rows.length === 0) return <p className="desk-empty">{t('incidentDesk.empty')}</p>
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—')
  return (
    <>
      <table className="desk-table" data-testid="desk-list">
        <thead>
          <tr>
            <th>{t('incidentDesk.column.caseNumber')}</th>
            <th>{t('incidentDesk.column.state')}</th>
            <th>{t('incidentDesk.column.category')}</th>
            <th>{t('incidentDesk.filter.source')}</th>
            <th>{t('incidentDesk.column.description')}</th>
            <th>{t('incidentDesk.column.grid')}</th>
            <th>{t('incidentDesk.column.reportedAt')}</th>
            <th>{t('incidentDesk.column.dueAt')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.id}
              data-testid="desk-row"
              data-case-number={row.caseNumber}
              className={row.overdue ? 'desk-row-late' : undefined}
            >
              <td>
                <Link to={`/incidents/${row.id}`}>{row.caseNumber}</Link>
              </td>
              <td>
                {t(`live.state.${row.status}`)}
                {row.reworkCount > 0 && (
                  <span className="desk-rework"> · {t('incidentDesk.reworkCount', { count: row.reworkCount })}</span>
                )}
              </td>
              <td>{i18n.language === 'en' ? row.category.nameEn : row.category.name}</td>
              <td className="nowrap">{t(`incidentDesk.source.${row.source}`)}</td>
              <td className="desk-description">{row.description}</td>
              <td>{row.grid.name}</td>
              <td>{time(row.createdAt)}</td>
              <td>
                {time(row.dueAt)}
                {row.overdue && <span className="desk-late"> · {t('incidentDesk.overdue')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.hasNextPage && (
        <button
          type="button"
          className="desk-more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
          data-testid="desk-more"
        >
          {list.isFetchingNextPage ? t('common.loading') : t('incidentDesk.more')}
        </button>
      )}
    </>
  )
}

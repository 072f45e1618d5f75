import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { fetchAudit } from '../../api/audit.ts'
import { LoadMore } from '../load-more.tsx'
import { useCursorList } from '../use-cursor-list.ts'
import { AuditFiltersBar, type AuditPageFilters } from './audit-filters.tsx'
import { AuditTable } from './audit-table.tsx'
import '../admin.css'
import './audit.css'

const FILTER_KEYS = ['entity', 'target', 'actorId', 'actorName', 'action', 'from', 'to'] as const

/** `/admin/audit`: who changed what and when, newest first, filtered; the filters live in the URL. */
export function AuditPage() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const { actorName: _shownName, ...filters } = filtersFrom(params)
  const list = useCursorList(['audit', filters], (cursor, signal) => fetchAudit(filters, cursor, signal))

  return (
    <div className="admin-page">
      <header className="admin-header">
        <h1>{t('audit.title')}</h1>
      </header>
      {/* Keyed by the URL's filters so Back and Forward refill the fields, not only the list. */}
      <AuditFiltersBar
        key={params.toString()}
        value={filtersFrom(params)}
        onChange={(next) => setParams(paramsFrom(next))}
      />
      {list.items.length > 0 && <AuditTable entries={list.items} />}
      <LoadMore list={list} />
    </div>
  )
}

function filtersFrom(params: URLSearchParams): AuditPageFilters {
  const actorId = Number(params.get('actorId'))
  return {
    entity: params.get('entity') || undefined,
    target: params.get('target') || undefined,
    actorName: params.get('actorName') || undefined,
    actorId: Number.isSafeInteger(actorId) && actorId > 0 ? actorId : undefined,
    action: params.get('action') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  }
}

function paramsFrom(filters: AuditPageFilters): URLSearchParams {
  const params = new URLSearchParams()
  for (const key of FILTER_KEYS) {
    const value = filters[key]
    if (value !== undefined) params.set(key, String(value))
  }
  return params
}

import type { IncidentSource } from '@wangge/contract'
import type { IncidentState } from '@wangge/workflow'
import { useTranslation } from 'react-i18next'
import { categoriesQuery } from '../api/incident-reports.ts'
import { gridLayerQuery } from '../api/grids.ts'
import { workerPositionsQuery } from '../api/incidents.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { useDepartments } from '../api/use-departments.ts'
import { SOURCES, type DeskFilters } from './case-desk-api.ts'

const STATES: IncidentState[] = ['reported', 'registered', 'dispatched', 'in_progress', 'handled', 'closed', 'rejected']

/** The desk's filters beside the queue tabs: state, category, community, department, worker, source, report days, order. */
export function DeskFilterBar({ filters, onChange }: { filters: DeskFilters; onChange: (next: DeskFilters) => void }) {
  const { t, i18n } = useTranslation()
  const categories = useApiQuery(categoriesQuery).resource
  const communities = useApiQuery(gridLayerQuery({ level: 1, zoom: 12 })).resource
  const workers = useApiQuery(workerPositionsQuery({})).resource
  const departments = useDepartments()
  const en = i18n.language === 'en'
  const set = (patch: Partial<DeskFilters>) => onChange({ ...filters, ...patch })
  const number = (value: string) => (value === '' ? null : Number(value))

  return (
    <fieldset className="desk-filters" data-testid="desk-filters">
      <legend>{t('common.filter')}</legend>
      <label>
        {t('incidentDesk.filter.state')}
        <select
          value={filters.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || null) as IncidentState | null })}
        >
          <option value="">{t('incidentDesk.filter.any')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`live.state.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidentDesk.filter.category')}
        <select value={filters.category ?? ''} onChange={(e) => set({ category: e.target.value || null })}>
          <option value="">{t('incidentDesk.filter.any')}</option>
          {categories.status === 'ready' &&
            categories.data.map((group) => (
              <optgroup key={group.code} label={en ? group.nameEn : group.name}>
                <option value={group.code}>
                  {t('live.filters.wholeGroup', { name: en ? group.nameEn : group.name })}
                </option>
                {group.children.map((c) => (
                  <option key={c.code} value={c.code}>
                    {en ? c.nameEn : c.name}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      </label>
      <label>
        {t('incidentDesk.filter.community')}
        <select value={filters.grid ?? ''} onChange={(e) => set({ grid: number(e.target.value) })}>
          <option value="">{t('incidentDesk.filter.any')}</option>
          {communities.status === 'ready' &&
            communities.data.features.map((f) => (
              <option key={f.properties.id} value={f.properties.id}>
                {f.properties.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('incidentDesk.filter.department')}
        <select value={filters.department ?? ''} onChange={(e) => set({ department: number(e.target.value) })}>
          <option value="">{t('incidentDesk.filter.any')}</option>
          {departments.status === 'ready' &&
            departments.data.map((d) => (
              <option key={d.id} value={d.id}>
                {en ? d.nameEn : d.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('incidentDesk.filter.assignee')}
        <select value={filters.assignee ?? ''} onChange={(e) => set({ assignee: number(e.target.value) })}>
          <option value="">{t('incidentDesk.filter.any')}</option>
          {workers.status === 'ready' &&
            workers.data.map((w) => (
              <option key={w.userId} value={w.userId}>
                {w.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('incidentDesk.filter.source')}
        <select
          value={filters.source ?? ''}
          onChange={(e) => set({ source: (e.target.value || null) as IncidentSource | null })}
        >
          <option value="">{t('incidentDesk.filter.any')}</option>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`incidentDesk.source.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidentDesk.filter.from')}
        <input type="date" value={filters.fromDay ?? ''} onChange={(e) => set({ fromDay: e.target.value || null })} />
      </label>
      <label>
        {t('incidentDesk.filter.to')}
        <input type="date" value={filters.toDay ?? ''} onChange={(e) => set({ toDay: e.target.value || null })} />
      </label>
      <label>
        {t('incidentDesk.filter.sort')}
        <select
          value={filters.sort}
          onChange={(e) => set({ sort: e.target.value === 'oldest' ? 'oldest' : 'newest' })}
          data-testid="desk-sort"
        >
          <option value="newest">{t('incidentDesk.sort.newest')}</option>
          <option value="oldest">{t('incidentDesk.sort.oldest')}</option>
        </select>
      </label>
    </fieldset>
  )
}

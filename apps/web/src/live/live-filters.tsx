import { shanghaiMidnightOf } from '@wangge/sla'
import type { IncidentState } from '@wangge/workflow'
import { useTranslation } from 'react-i18next'
import type { IncidentFilters } from '../api/incident-types.ts'
import { categoriesQuery } from '../api/incident-reports.ts'
import { useApiQuery } from '../api/use-api-query.ts'

const STATES: IncidentState[] = ['reported', 'registered', 'dispatched', 'in_progress', 'handled', 'closed', 'rejected']
export const PERIODS = ['all', 'today', 'week', 'month'] as const
export type Period = (typeof PERIODS)[number]

/** The report time a period starts at, counted in Shanghai days. */
export function periodStart(period: Period, now = Date.now()): string | null {
  switch (period) {
    case 'all':
      return null
    case 'today':
      return shanghaiMidnightOf(now).toISOString()
    case 'week':
      return shanghaiMidnightOf(now, 6).toISOString()
    case 'month':
      return shanghaiMidnightOf(now, 29).toISOString()
  }
}

interface LiveFiltersProps {
  filters: IncidentFilters
  period: Period
  /** The grid selected on the map, which the grid filter narrows to. */
  selectedGrid: { id: number; name: string } | null
  /** The filters and the period; the report time they start at follows from the period (periodStart). */
  onChange: (filters: IncidentFilters, period: Period) => void
}

/** Filters by state, category, grid and report time; the map, its colours and the queue all follow them. */
export function LiveFilters({ filters, period, selectedGrid, onChange }: LiveFiltersProps) {
  const { t, i18n } = useTranslation()
  const categories = useApiQuery(categoriesQuery).resource
  const nameOf = (c: { name: string; nameEn: string }) => (i18n.language === 'en' ? c.nameEn : c.name)
  const toggle = (state: IncidentState) =>
    onChange(
      {
        ...filters,
        status: filters.status.includes(state) ? filters.status.filter((s) => s !== state) : [...filters.status, state],
      },
      period,
    )

  return (
    <fieldset className="live-filters" data-testid="live-filters">
      <legend>{t('common.filter')}</legend>
      <div className="live-filter-states">
        {STATES.map((state) => (
          <label key={state}>
            <input type="checkbox" checked={filters.status.includes(state)} onChange={() => toggle(state)} />{' '}
            {t(`live.state.${state}`)}
          </label>
        ))}
      </div>
      <label>
        {t('live.filters.category')}{' '}
        <select
          value={filters.category ?? ''}
          onChange={(e) => onChange({ ...filters, category: e.target.value || null }, period)}
        >
          <option value="">{t('live.filters.any')}</option>
          {categories.status === 'ready' &&
            categories.data.map((group) => (
              <optgroup key={group.code} label={nameOf(group)}>
                <option value={group.code}>{t('live.filters.wholeGroup', { name: nameOf(group) })}</option>
                {group.children.map((c) => (
                  <option key={c.code} value={c.code}>
                    {nameOf(c)}
                  </option>
                ))}
              </optgroup>
            ))}
        </select>
      </label>
      <label>
        {t('live.filters.period')}{' '}
        <select value={period} onChange={(e) => onChange(filters, e.target.value as Period)}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`live.filters.periods.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={filters.grid !== null}
          disabled={filters.grid === null && selectedGrid === null}
          onChange={() =>
            onChange({ ...filters, grid: filters.grid === null ? (selectedGrid?.id ?? null) : null }, period)
          }
        />{' '}
        {filters.grid !== null
          ? t('live.filters.gridOn')
          : selectedGrid
            ? t('live.filters.gridSelected', { name: selectedGrid.name })
            : t('live.filters.gridNone')}
      </label>
    </fieldset>
  )
}

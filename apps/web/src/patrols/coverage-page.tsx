import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { GridCoverage } from '@wangge/contract'
import { errorMessage } from '../i18n/error-message.ts'
import { GridMapView } from '../map/grid-map-view.tsx'
import { shanghaiToday, useCoverageRule, useGridCoverage, useWorkerCoverage } from './patrols-api.ts'
import './patrols.css'

/** Days since the last patrol → the layer's colour (green fresh, amber a week, red older, grey never). */
function coverageColour(daysSince: number | null): string {
  if (daysSince === null) return '#a0aec0'
  if (daysSince <= 3) return '#38a169'
  if (daysSince <= 7) return '#d69e2e'
  return '#e53e3e'
}

/**
 * `/coverage` (巡查覆盖): the unit grids coloured by days since their last patrol, the street's weekly rule with the
 * grids that miss it and their workers, and each worker's share of their grids patrolled in the week.
 */
export function CoveragePage() {
  const { t } = useTranslation()
  const [day, setDay] = useState(shanghaiToday)
  const grids = useGridCoverage(day)
  const rule = useCoverageRule(day)
  const workers = useWorkerCoverage(day)
  const byId = useMemo(
    () => new Map((grids.data?.items ?? []).map((g): [number, GridCoverage] => [g.id, g])),
    [grids.data],
  )
  const tint = useMemo(
    () =>
      byId.size
        ? (id: number) => {
            const g = byId.get(id)
            return g ? { fillColor: coverageColour(g.daysSince), fillOpacity: 0.45 } : null
          }
        : null,
    [byId],
  )
  const failure = grids.error ?? rule.error ?? workers.error

  return (
    <GridMapView
      showScope
      tint={tint}
      aside={
        <aside className="patrols-panel coverage-panel" aria-label={t('coverage.title')}>
          <h1>{t('coverage.title')}</h1>
          <label className="patrols-day">
            {t('coverage.week')}{' '}
            <input type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
          </label>
          <ul className="coverage-legend" aria-label={t('coverage.legend')}>
            {(
              [
                [1, 'today'],
                [5, 'week1'],
                [30, 'older'],
                [null, 'never'],
              ] as const
            ).map(([days, key]) => (
              <li key={key}>
                <span className="coverage-swatch" style={{ background: coverageColour(days) }} /> {t(`coverage.${key}`)}
              </li>
            ))}
          </ul>
          {failure && <p role="alert">{t('coverage.loadFailed', { message: errorMessage(t, failure) })}</p>}
          {rule.data && (
            <section aria-labelledby="coverage-rule">
              <h2 id="coverage-rule">{t('coverage.rule', { count: rule.data.weeklyVisitsPerGrid })}</h2>
              <p className="patrols-note" data-testid="coverage-rule-summary">
                {t('coverage.ruleSummary', { missing: rule.data.missing.length, total: rule.data.gridCount })}
              </p>
              <table className="coverage-table">
                <thead>
                  <tr>
                    <th>{t('coverage.grid')}</th>
                    <th>{t('coverage.visits')}</th>
                    <th>{t('coverage.responsible')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rule.data.missing.slice(0, 100).map((g) => (
                    <tr key={g.id}>
                      <td>{g.name}</td>
                      <td>{g.visits}</td>
                      <td>{g.workers.length ? g.workers.map((w) => w.name).join('、') : t('coverage.nobody')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {workers.data && (
            <section aria-labelledby="coverage-workers">
              <h2 id="coverage-workers">{t('coverage.workers')}</h2>
              <table className="coverage-table">
                <thead>
                  <tr>
                    <th>{t('patrols.worker')}</th>
                    <th>{t('coverage.share')}</th>
                    <th>{t('coverage.visited')}</th>
                  </tr>
                </thead>
                <tbody>
                  {workers.data.items.slice(0, 200).map((w) => (
                    <tr key={w.workerId}>
                      <td>{w.name}</td>
                      <td>{Math.round(w.share * 100)}%</td>
                      <td>
                        {w.visitedGrids} / {w.unitGrids}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </aside>
      }
    />
  )
}

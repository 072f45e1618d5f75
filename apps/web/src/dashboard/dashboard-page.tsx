import { useMemo } from 'react'
import { Link, useSearchParams } from 'react-router'
import { gridLayerQuery } from '../api/grids.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { useAppConfig } from '../config/app-config.tsx'
import { Breakdown } from './breakdown-panel.tsx'
import {
  breakdownQuery,
  heatQuery,
  registryQuery,
  stationsQuery,
  summaryQuery,
  trendQuery,
  type RankingSubject,
} from './dashboard-api.ts'
import { useDashboardText } from './dashboard-messages.ts'
import { Headline } from './headline.tsx'
import { HeatMap } from './heat-map.tsx'
import { AsTable, Panel } from './panel.tsx'
import { PeriodBar, LEVELS, type Level } from './period-bar.tsx'
import { isValidPeriod, presetPeriod, PRESETS, type Period, type Preset } from './period.ts'
import { RankingPanel } from './ranking-panel.tsx'
import { StationsFigures } from './stations-panel.tsx'
import { RegistryFigures } from './registry-panel.tsx'
import { TrendChart } from './trend-panel.tsx'
import '../admin/admin.css'
import '../stations/stations.css'
import { SupervisedCases } from '../escalation/supervised-cases.tsx'
import './dashboard.css'

/** Which grids are ranked at each level: the street ranks its communities, a community its areas, an area its grids. */
const GRID_SUBJECT: Record<Level, RankingSubject> = { street: 'community', community: 'area', area: 'grid' }

/**
 * `/dashboard`: the managers' figures for a period — headline with the change against the period before, trend,
 * rankings (sortable, exported to XLSX), categories and sources, the unit-grid heat map and the stations' six haves.
 * The period and the level live in the URL so a view can be shared; a supervisor's figures cover its scope (the API).
 */
export function DashboardPage() {
  const { m } = useDashboardText()
  const [params, setParams] = useSearchParams()
  const preset: Preset = PRESETS.find((p) => p === params.get('period')) ?? 'month'
  const level: Level = LEVELS.find((l) => l === params.get('level')) ?? 'street'
  const custom = { from: params.get('from') ?? '', to: params.get('to') ?? '' }
  const period: Period | null = preset === 'custom' ? (isValidPeriod(custom) ? custom : null) : presetPeriod(preset)

  const setParam = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k)
      else next.set(k, v)
    }
    setParams(next, { replace: true })
  }

  return (
    <div className="admin-page dashboard-page">
      <header className="admin-header">
        <div>
          <h1>{m.title}</h1>
          <p className="muted">{m.subtitle}</p>
        </div>
        <Link className="button-link primary" to="/dashboard/screen">
          {m.screenLink}
        </Link>
      </header>
      <SupervisedCases />
      <PeriodBar
        preset={preset}
        level={level}
        custom={custom}
        onPreset={(p) =>
          setParam(
            p === 'custom'
              ? {
                  period: p,
                  from: custom.from || presetPeriod('month').from,
                  to: custom.to || presetPeriod('month').to,
                }
              : { period: p, from: null, to: null },
          )
        }
        onCustom={(from, to) => setParam({ period: 'custom', from, to })}
        onLevel={(l) => setParam({ level: l })}
      />
      {period ? <DashboardBody period={period} level={level} /> : <p role="alert">{m.invalidPeriod}</p>}
    </div>
  )
}

function DashboardBody({ period, level }: { period: Period; level: Level }) {
  const { m } = useDashboardText()
  const summary = useApiQuery(summaryQuery(period))
  const trend = useApiQuery(trendQuery(period))
  const breakdown = useApiQuery(breakdownQuery(period))
  const heat = useApiQuery(heatQuery(period))
  const stations = useApiQuery(stationsQuery(period))
  const registry = useApiQuery(registryQuery(period))
  const { resource: config } = useAppConfig()
  const { resource: grids } = useApiQuery(gridLayerQuery({ level: 3, zoom: 14 }))
  const subjects = useMemo(() => [GRID_SUBJECT[level], 'department', 'worker'] as const, [level])

  return (
    <>
      <Panel title={m.headline} resource={summary.resource} retry={summary.retry} className="headline-panel">
        {(data) => <Headline summary={data} />}
      </Panel>
      <div className="dashboard-columns">
        <Panel title={m.trend.title} resource={trend.resource} retry={trend.retry} testId="dashboard-trend">
          {(data) => <TrendChart trend={data} />}
        </Panel>
        <Panel title={m.heat.title} resource={heat.resource} retry={heat.retry} testId="dashboard-heat">
          {(data) => (
            <>
              {config.status === 'ready' && (
                <HeatMap
                  config={config.data}
                  grids={grids.status === 'ready' ? grids.data : null}
                  heat={data}
                  label={m.heat.title}
                />
              )}
              <AsTable
                head={[m.heat.grid, m.figures.reported]}
                rows={[...data.cells]
                  .sort((a, b) => b.reported - a.reported)
                  .slice(0, 20)
                  .map((c) => [c.name, c.reported])}
              />
            </>
          )}
        </Panel>
      </div>
      <RankingPanel period={period} subjects={subjects} />
      <Panel
        title={m.breakdown.title}
        resource={breakdown.resource}
        retry={breakdown.retry}
        testId="dashboard-breakdown"
      >
        {(data) => <Breakdown breakdown={data} />}
      </Panel>
      <Panel title={m.stations.title} resource={stations.resource} retry={stations.retry} testId="dashboard-stations">
        {(data) => <StationsFigures stations={data} />}
      </Panel>
      <Panel title={m.registry.title} resource={registry.resource} retry={registry.retry} testId="dashboard-registry">
        {(data) => <RegistryFigures registry={data} />}
      </Panel>
    </>
  )
}

import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useShanghaiToday } from '../app/use-shanghai-today.ts'
import { OPEN_STATES } from '@wangge/workflow'
import type { IncidentFilters } from '../api/incident-types.ts'
import { errorMessage } from '../i18n/error-message.ts'
import { IncidentDrawer } from '../incidents/incident-drawer.tsx'
import { IncidentMarkers } from '../incidents/incident-markers.tsx'
import { ServerClusterMarkers } from '../incidents/server-cluster-markers.tsx'
import { MapViewReporter, type MapView } from '../map/map-view-reporter.tsx'
import { GridMapView } from '../map/grid-map-view.tsx'
import { useGridDetail } from '../map/use-grid-detail.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { CommunityIndicators } from './community-indicators.tsx'
import { loadTint } from './grid-load.ts'
import { LiveConnectionProvider } from './live-connection.tsx'
import { LiveFilters, periodStart, type Period } from './live-filters.tsx'
import { LiveStatus } from './live-status.tsx'
import { MapLegend } from './map-legend.tsx'
import { QueuePanel } from './queue-panel.tsx'
import { useMapIncidents } from './use-map-incidents.ts'
import { useWorkerPositions } from './use-worker-positions.ts'
import { WorkerMarkers } from './worker-markers.tsx'
import './live-map.css'

/**
 * The command map (`/`): grids coloured by open and overdue cases, incident markers, on-duty workers, the queue
 * and the incident drawer, all kept current by the live connection. Managers get the same map read-only, with
 * today's figures per community in place of the queue.
 */
export function LiveMapPage() {
  return (
    <LiveConnectionProvider>
      <LiveMap />
    </LiveConnectionProvider>
  )
}

function LiveMap() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const readOnly = user.role === 'manager'
  const [searchParams, setSearchParams] = useSearchParams()
  const incidentId = /^[1-9]\d{0,17}$/.test(searchParams.get('incident') ?? '') ? searchParams.get('incident') : null
  const selectedGridId = Number(searchParams.get('grid')) || null
  const selectedGrid = useGridDetail(selectedGridId).resource

  const [chosen, setChosen] = useState<Omit<IncidentFilters, 'from'>>({
    status: [...OPEN_STATES],
    category: null,
    grid: null,
  })
  const [period, setPeriod] = useState<Period>('all')
  // The report time the filters start at follows from the period and the day: a map left open overnight on "today"
  // turns over at the Shanghai midnight.
  const today = useShanghaiToday()
  const filters = useMemo<IncidentFilters>(
    () => ({ ...chosen, from: periodStart(period, today) }),
    [chosen, period, today],
  )
  const [view, setView] = useState<MapView | null>(null)
  const incidents = useMapIncidents(filters, view, incidentId)
  const newest = incidents.newest.points
  const positions = useWorkerPositions()
  const tint = useMemo(() => loadTint(incidents.loads), [incidents.loads])

  const openIncident = useCallback(
    (id: string) => setSearchParams((params) => withParam(params, 'incident', id)),
    [setSearchParams],
  )
  const closeIncident = useCallback(
    () => setSearchParams((params) => withParam(params, 'incident', null)),
    [setSearchParams],
  )

  return (
    <GridMapView
      showScope
      tint={tint}
      layers={
        <>
          <MapViewReporter onChange={setView} />
          {incidents.clusters && <ServerClusterMarkers clusters={incidents.clusters} />}
          <IncidentMarkers points={incidents.points} selectedId={incidentId} onSelect={openIncident} />
          <WorkerMarkers positions={positions} />
        </>
      }
      aside={
        <aside className="live-panel" aria-label={t('live.panel')}>
          <LiveStatus />
          {incidents.error && (
            <p role="alert">
              {errorMessage(t, incidents.error)}{' '}
              <button type="button" onClick={incidents.newest.reload}>
                {t('common.retry')}
              </button>
            </p>
          )}
          <p
            className="live-count"
            data-testid="incident-count"
            data-count={incidents.count}
            data-scale={incidents.cityScale ? 'view' : 'all'}
          >
            {incidents.loading
              ? t('common.loading')
              : t(incidents.cityScale ? 'live.countInView' : 'live.count', { count: incidents.count })}
          </p>
          <LiveFilters
            filters={filters}
            period={period}
            selectedGrid={
              selectedGrid.status === 'ready' ? { id: selectedGrid.data.id, name: selectedGrid.data.name } : null
            }
            onChange={(next, nextPeriod) => {
              setChosen(next)
              setPeriod(nextPeriod)
            }}
          />
          {readOnly ? (
            <CommunityIndicators />
          ) : (
            <QueuePanel points={newest} filters={filters} cityScale={incidents.cityScale} onOpen={openIncident} />
          )}
          <MapLegend />
        </aside>
      }
      detail={incidentId ? <IncidentDrawer key={incidentId} id={incidentId} onClose={closeIncident} /> : undefined}
    />
  )
}

function withParam(params: URLSearchParams, name: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params)
  if (value === null) next.delete(name)
  else next.set(name, value)
  return next
}

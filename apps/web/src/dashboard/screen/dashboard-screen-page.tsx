import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { gridLayerQuery } from '../../api/grids.ts'
import type { IncidentFilters } from '../../api/incident-types.ts'
import { useApiQuery } from '../../api/use-api-query.ts'
import { useAppConfig } from '../../config/app-config.tsx'
import { LiveConnectionProvider, useLiveConnection } from '../../live/live-connection.tsx'
import { useLiveIncidents } from '../../live/use-live-incidents.ts'
import { rankingQuery, summaryQuery } from '../dashboard-api.ts'
import { useDashboardText } from '../dashboard-messages.ts'
import { formatShare } from '../format.ts'
import { presetPeriod } from '../period.ts'
import { useShanghaiToday } from '../../app/use-shanghai-today.ts'
import { ScreenClock } from './screen-clock.tsx'
import { ScreenRanking } from './screen-ranking.tsx'
import { TodayMap } from './today-map.tsx'
import './screen.css'

const CLOCK_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** 'HH:mm' on Beijing time: an event's createdAt may come in UTC. */
function clockTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : CLOCK_TIME.format(date)
}

/** The roll-ups follow the event log within about a second: figures are read again a little after the last event. */
const REFRESH_AFTER_EVENT_MS = 1500

/**
 * `/dashboard/screen`: the command centre's wall display at 1920×1080 — dark, large type, today's cases on the map,
 * counters and rankings, and a clock. Everything updates from live events without a reload: the map and the
 * latest reports straight from each event, the figures by reading the roll-ups again just after.
 */
export function DashboardScreenPage() {
  return (
    <LiveConnectionProvider>
      <Screen />
    </LiveConnectionProvider>
  )
}

function Screen() {
  const { m, language } = useDashboardText()
  const { t } = useTranslation()
  const { resource: config } = useAppConfig()
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  // Today's cases from this morning's midnight (Beijing time); a screen left on overnight turns over at midnight.
  const midnight = useShanghaiToday()
  const today = presetPeriod('today', new Date(midnight))
  const month = presetPeriod('month', new Date(midnight))
  const filters = useMemo<IncidentFilters>(
    () => ({ status: [], category: null, grid: null, from: new Date(midnight).toISOString() }),
    [midnight],
  )
  const incidents = useLiveIncidents(filters)
  const todaySummary = useApiQuery(summaryQuery(today)).resource
  const monthSummary = useApiQuery(summaryQuery(month)).resource
  const { resource: communities } = useApiQuery(gridLayerQuery({ level: 1, zoom: 13 }))

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsubscribe = live.subscribe((event) => {
      if (event.type !== 'incident.created' && event.type !== 'incident.updated') return
      clearTimeout(timer)
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['dashboard'] }), REFRESH_AFTER_EVENT_MS)
    })
    return () => {
      clearTimeout(timer)
      unsubscribe()
    }
  }, [live, queryClient])

  const points = [...incidents.points.values()]
  const latest = points.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 8)
  const communityName = useMemo(() => {
    const names = new Map<number, string>()
    if (communities.status === 'ready')
      for (const f of communities.data.features) names.set(f.properties.id, f.properties.name)
    return names
  }, [communities])
  const open = todaySummary.status === 'ready' ? todaySummary.data : null
  const monthly = monthSummary.status === 'ready' ? monthSummary.data.current : null

  // A city's day brings more reports than one load of points holds (POINTS_LIMIT): counting the points would stop
  // at that limit, so today's counts then come from the roll-ups, read again after each burst of events.
  const reportedToday = incidents.truncated ? open?.current.reported : incidents.points.size
  const closedToday = incidents.truncated ? open?.current.closed : points.filter((p) => p.status === 'closed').length
  const counters: { label: string; value: string; tone?: 'alert' }[] = [
    { label: m.screen.reported, value: reportedToday === undefined ? '—' : String(reportedToday) },
    { label: m.screen.closed, value: closedToday === undefined ? '—' : String(closedToday) },
    { label: m.screen.open, value: open ? String(open.openNow) : '—' },
    { label: m.screen.overdue, value: open ? String(open.overdueNow) : '—', tone: 'alert' },
    { label: m.screen.closureRate, value: formatShare(monthly?.closureRate ?? null) },
    { label: m.screen.onTimeRate, value: formatShare(monthly?.onTimeRate ?? null) },
  ]

  return (
    <div className="dashboard-screen" lang={language}>
      <header className="screen-header">
        <Link to="/dashboard" className="screen-back" aria-label={m.screen.back}>
          ‹
        </Link>
        <h1>
          {config.status === 'ready' ? `${config.data.street.name} · ` : ''}
          {m.screen.title}
        </h1>
        <p className={`screen-live screen-live-${live.status}`} data-testid="screen-live" role="status">
          <span aria-hidden="true">●</span> {live.status === 'down' ? m.screen.offline : m.screen.live}
        </p>
        <ScreenClock language={language} />
      </header>
      <section className="screen-counters" aria-label={m.screen.today} data-testid="screen-counters">
        {counters.map((c) => (
          <div key={c.label} className={`screen-counter${c.tone ? ` ${c.tone}` : ''}`}>
            <span>{c.label}</span>
            <strong>{c.value}</strong>
          </div>
        ))}
      </section>
      <section className="screen-map-panel">
        {config.status === 'ready' && (
          <TodayMap
            config={config.data}
            communities={communities.status === 'ready' ? communities.data : null}
            points={incidents.points}
            label={m.screen.today}
          />
        )}
        {incidents.truncated && (
          <p className="screen-map-note" data-testid="screen-map-note">
            {m.screen.newestShown(incidents.points.size)}
          </p>
        )}
      </section>
      <aside className="screen-side">
        <section className="screen-panel" aria-label={m.screen.latest}>
          <h2>{m.screen.latest}</h2>
          {latest.length === 0 ? (
            <p className="screen-muted">{m.screen.noneYet}</p>
          ) : (
            <ol className="screen-latest" data-testid="screen-latest">
              {latest.map((p) => (
                <li key={p.id}>
                  <time dateTime={p.createdAt}>{clockTime(p.createdAt)}</time>
                  <span className="screen-latest-text">
                    {communityName.get(p.grids[0]) ?? ''} {p.description}
                  </span>
                  <span className={`screen-state screen-state-${p.status}`}>{t(`live.state.${p.status}`)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <ScreenRanking query={rankingQuery(month, 'community')} title={m.screen.communities} measure="reported" />
        <ScreenRanking query={rankingQuery(month, 'department')} title={m.screen.departments} measure="onTimeRate" />
      </aside>
    </div>
  )
}

import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { GridMapView } from '../map/grid-map-view.tsx'
import { PatrolReplay } from './patrol-replay.tsx'
import { shanghaiToday, useLivePatrols, usePatrolDetail, usePatrolsOfDay } from './patrols-api.ts'
import { TrackLayer, type TrackLine } from './track-layer.tsx'
import './patrols.css'

/**
 * `/patrols` (巡查轨迹) for supervisors and managers: who is on patrol now (their lines live on the map), the day's
 * patrols, and a chosen patrol replayed with a time slider, its unit grids tinted and listed. The choice lives in
 * the URL (`?patrol=`), so a replay can be linked. Reading another person's track is audited by the API.
 */
export function PatrolsPage() {
  const { t, i18n } = useTranslation()
  const [params, setParams] = useSearchParams()
  const [day, setDay] = useState(shanghaiToday)
  const selected = /^[1-9]\d{0,18}$/.test(params.get('patrol') ?? '') ? params.get('patrol') : null
  const live = useLivePatrols()
  const history = usePatrolsOfDay(day)
  const liveIds = useMemo(() => new Set(live.data?.items.map((i) => i.patrol.id)), [live.data])
  const detail = usePatrolDetail(selected, selected !== null && liveIds.has(selected))
  const [until, setUntil] = useState<number | null>(null)

  const lines = useMemo<TrackLine[]>(
    () =>
      (live.data?.items ?? [])
        .filter((i) => i.patrol.id !== selected)
        .map((i) => ({
          id: i.patrol.id,
          name: i.patrol.workerName,
          live: true,
          points: lineLatLngs(i.line),
        })),
    [live.data, selected],
  )
  const points = detail.data?.points ?? null
  const replayUntil = until ?? (points?.length ? Date.parse(points.at(-1)!.at) : 0)
  const covered = useMemo(() => new Set(detail.data?.grids.map((g) => g.id)), [detail.data])
  const tint = useMemo(
    () =>
      covered.size ? (id: number) => (covered.has(id) ? { fillColor: '#2b6cb0', fillOpacity: 0.28 } : null) : null,
    [covered],
  )

  const open = (id: string) => {
    setUntil(null)
    setParams((p) => {
      const next = new URLSearchParams(p)
      next.set('patrol', id)
      return next
    })
  }
  const close = () =>
    setParams((p) => {
      const next = new URLSearchParams(p)
      next.delete('patrol')
      return next
    })

  return (
    <GridMapView
      showScope
      tint={tint}
      layers={<TrackLayer lines={lines} replay={points ? { points, until: replayUntil } : null} />}
      aside={
        <aside className="patrols-panel" aria-label={t('patrols.title')}>
          <h1>{t('patrols.title')}</h1>
          <section aria-labelledby="patrols-live">
            <h2 id="patrols-live">{t('patrols.live')}</h2>
            {live.isError && <p role="alert">{t('patrols.loadFailed', { message: errorMessage(t, live.error) })}</p>}
            {live.data && live.data.items.length === 0 && <p className="patrols-note">{t('patrols.noLive')}</p>}
            <ul className="patrols-list" data-testid="live-patrols">
              {live.data?.items.map(({ patrol }) => (
                <li key={patrol.id}>
                  <button type="button" onClick={() => open(patrol.id)} aria-pressed={patrol.id === selected}>
                    <strong>{patrol.workerName}</strong>
                    <span>
                      {formatTime(patrol.startedAt, i18n.language)} ·{' '}
                      {t('patrols.metres', { n: Math.round(patrol.lengthM) })} · {t('patrols.gridCount')}{' '}
                      {patrol.gridCount}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="patrols-history">
            <h2 id="patrols-history">{t('patrols.history')}</h2>
            <label className="patrols-day">
              {t('patrols.day')}{' '}
              <input
                type="date"
                value={day}
                max={shanghaiToday()}
                onChange={(e) => e.target.value && setDay(e.target.value)}
              />
            </label>
            {history.isError && (
              <p role="alert">{t('patrols.loadFailed', { message: errorMessage(t, history.error) })}</p>
            )}
            {history.data && history.data.items.length === 0 && <p className="patrols-note">{t('patrols.empty')}</p>}
            <ul className="patrols-list" data-testid="day-patrols">
              {history.data?.items.map((patrol) => (
                <li key={patrol.id}>
                  <button
                    type="button"
                    onClick={() => open(patrol.id)}
                    aria-pressed={patrol.id === selected}
                    data-testid="patrol-row"
                    data-patrol-id={patrol.id}
                  >
                    <strong>{patrol.workerName}</strong>
                    <span>
                      {formatTime(patrol.startedAt, i18n.language)}–
                      {patrol.endedAt ? formatTime(patrol.endedAt, i18n.language) : t('patrols.ongoing')} ·{' '}
                      {t('patrols.metres', { n: Math.round(patrol.lengthM) })} · {t('patrols.gridCount')}{' '}
                      {patrol.gridCount}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      }
      detail={
        selected ? (
          <PatrolReplay
            detail={detail.data ?? null}
            error={detail.isError ? detail.error : null}
            until={replayUntil}
            onUntil={setUntil}
            onClose={close}
          />
        ) : undefined
      }
    />
  )
}

function lineLatLngs(line: { type: string; coordinates: unknown } | null): [number, number][] {
  if (!line) return []
  if (line.type === 'Point') {
    const [lng, lat] = line.coordinates as [number, number]
    return [[lat, lng]]
  }
  return (line.coordinates as [number, number][]).map(([lng, lat]) => [lat, lng])
}

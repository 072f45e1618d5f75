import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PatrolDetail } from '@wangge/contract'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'

interface PatrolReplayProps {
  detail: PatrolDetail | null
  error: Error | null
  /** The slider's time (ms); the map draws the track up to it. */
  until: number
  onUntil: (ms: number) => void
  onClose: () => void
}

const PLAY_STEPS = 60

/** The replay panel: figures, a time slider (and play), the unit grids passed and the reports made on the way. */
export function PatrolReplay({ detail, error, until, onUntil, onClose }: PatrolReplayProps) {
  const { t, i18n } = useTranslation()
  const [playing, setPlaying] = useState(false)
  const start = detail?.points[0] ? Date.parse(detail.points[0].at) : 0
  const end = detail?.points.length ? Date.parse(detail.points.at(-1)!.at) : 0

  useEffect(() => {
    if (!playing || end <= start) return
    const step = Math.max(1000, (end - start) / PLAY_STEPS)
    const timer = setInterval(() => {
      const next = Math.min(end, until + step)
      onUntil(next)
      if (next >= end) setPlaying(false)
    }, 200)
    return () => clearInterval(timer)
  }, [playing, start, end, until, onUntil])

  return (
    <section className="patrol-replay grid-panel" aria-label={t('patrols.replay')} data-testid="patrol-replay">
      <header className="patrol-replay-head">
        <h2>
          {t('patrols.replay')}
          {detail && ` · ${detail.patrol.workerName}`}
        </h2>
        <button type="button" className="secondary-button" onClick={onClose}>
          {t('patrols.close')}
        </button>
      </header>
      {error && <p role="alert">{t('patrols.loadFailed', { message: errorMessage(t, error) })}</p>}
      {detail && (
        <>
          <p className="patrols-note">
            {formatTime(detail.patrol.startedAt, i18n.language)}–
            {detail.patrol.endedAt ? formatTime(detail.patrol.endedAt, i18n.language) : t('patrols.ongoing')} ·{' '}
            {t('patrols.metres', { n: Math.round(detail.patrol.lengthM) })} ·{' '}
            {t('patrols.minutes', { n: Math.round(detail.patrol.durationS / 60) })}
          </p>
          {detail.patrol.outlierCount > 0 && (
            <p className="patrols-note">{t('patrols.outliers', { count: detail.patrol.outlierCount })}</p>
          )}
          {end > start && (
            <div className="patrol-slider">
              <button
                type="button"
                className="secondary-button"
                onClick={() => {
                  if (until >= end) onUntil(start)
                  setPlaying((p) => !p)
                }}
              >
                {playing ? t('patrols.pause') : t('patrols.play')}
              </button>
              <input
                type="range"
                aria-label={t('patrols.slider')}
                data-testid="replay-slider"
                min={start}
                max={end}
                step={1000}
                value={Math.min(Math.max(until, start), end)}
                onChange={(e) => {
                  setPlaying(false)
                  onUntil(Number(e.target.value))
                }}
              />
              <span data-testid="replay-time">
                {t('patrols.at', {
                  time: formatTime(new Date(Math.min(Math.max(until, start), end)).toISOString(), i18n.language),
                })}
              </span>
            </div>
          )}
          <h3>{t('patrols.gridsCovered', { count: detail.grids.length })}</h3>
          {detail.grids.length === 0 ? (
            <p className="patrols-note">{t('patrols.noGrids')}</p>
          ) : (
            <ul className="patrol-grids" data-testid="replay-grids">
              {detail.grids.map((g) => (
                <li key={g.id} data-grid-code={g.code}>
                  {g.name} <span className="patrols-note">{formatTime(g.firstAt, i18n.language)}</span>
                </li>
              ))}
            </ul>
          )}
          {detail.incidents.length > 0 && (
            <>
              <h3>{t('patrols.incidents', { count: detail.incidents.length })}</h3>
              <ul className="patrol-grids">
                {detail.incidents.map((i) => (
                  <li key={i.id}>{i.caseNumber}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  )
}

import { useEffect, useState } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { PatrolSummary } from '@wangge/contract'
import { errorMessage } from '../../i18n/error-message.ts'
import { formatTime } from '../../i18n/format-time.ts'
import { useCurrentUser } from '../../session/current-user.tsx'
import { useOnline } from '../use-online.ts'
import { usePatrol } from './use-patrol.ts'
import './patrol.css'

/** "1 小时 05 分" from seconds. */
function durationText(t: TFunction, seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  return h > 0 ? t('patrol.duration.hm', { h, m: String(m).padStart(2, '0') }) : t('patrol.duration.m', { m })
}

/**
 * `/m/patrol` (巡查): start a patrol, walk (the phone records a point at most every 10 s, keeps it while offline and
 * sends it in order when back), report what is found on the way, end it. The patrol's length and grids come back
 * from the server with each batch.
 */
export function PatrolPage() {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const online = useOnline()
  const patrol = usePatrol(user.id)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!patrol.state) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [patrol.state])

  const state = patrol.state
  return (
    <div className="patrol-page">
      <Link to="/m" className="back-link">
        {t('worker.back')}
      </Link>
      <h1>{t('patrol.title')}</h1>
      {!online && (
        <p className="worker-offline" role="status" data-testid="patrol-offline">
          {t('patrol.offline')}
        </p>
      )}
      {state ? (
        <section className="patrol-card patrol-active" aria-live="polite" data-testid="patrol-active">
          <p className="patrol-status">{t('patrol.active', { time: formatTime(state.startedAt, i18n.language) })}</p>
          <dl className="patrol-figures">
            <div>
              <dt>{t('patrol.elapsed')}</dt>
              <dd>{durationText(t, Math.max(0, Math.floor((now - Date.parse(state.startedAt)) / 1000)))}</dd>
            </div>
            <div>
              <dt>{t('patrol.length')}</dt>
              <dd data-testid="patrol-length">{t('patrol.metres', { n: Math.round(state.summary?.lengthM ?? 0) })}</dd>
            </div>
            <div>
              <dt>{t('patrol.points')}</dt>
              <dd data-testid="patrol-points">{state.summary?.pointCount ?? 0}</dd>
            </div>
            <div>
              <dt>{t('patrol.grids')}</dt>
              <dd data-testid="patrol-grids">{state.summary?.gridCount ?? 0}</dd>
            </div>
          </dl>
          <p className="patrol-pending" data-testid="patrol-pending" data-count={state.pending.length}>
            {state.pending.length === 0 ? t('patrol.allSent') : t('patrol.pending', { count: state.pending.length })}
          </p>
          {patrol.gps !== 'ok' && <p className="patrol-gps">{t(`patrol.gps.${patrol.gps}`)}</p>}
          <Link to="/m/report" className="secondary-button">
            {t('patrol.report')}
          </Link>
          <button
            type="button"
            className="patrol-button patrol-end"
            disabled={patrol.busy}
            onClick={() => void patrol.end()}
            data-testid="patrol-end"
          >
            {patrol.busy ? t('patrol.ending') : t('patrol.end')}
          </button>
        </section>
      ) : (
        <section className="patrol-card">
          <p className="patrol-status">{t('patrol.idle')}</p>
          <button
            type="button"
            className="patrol-button"
            disabled={patrol.busy || !online}
            onClick={() => void patrol.start()}
            data-testid="patrol-start"
          >
            {patrol.busy ? t('patrol.starting') : t('patrol.start')}
          </button>
          {!online && <p className="patrol-note">{t('patrol.startNeedsNetwork')}</p>}
          {patrol.finished && <FinishedPatrol summary={patrol.finished} />}
        </section>
      )}
      {patrol.error instanceof Error && (
        <p role="alert" className="patrol-error">
          {errorMessage(t, patrol.error)}
        </p>
      )}
    </div>
  )
}

function FinishedPatrol({ summary }: { summary: PatrolSummary }) {
  const { t } = useTranslation()
  return (
    <div className="patrol-finished" role="status" data-testid="patrol-finished">
      <h2>{t('patrol.finished')}</h2>
      <p>
        {t('patrol.finishedFigures', {
          length: Math.round(summary.lengthM),
          duration: durationText(t, summary.durationS),
          grids: summary.gridCount,
          points: summary.pointCount,
        })}
      </p>
    </div>
  )
}

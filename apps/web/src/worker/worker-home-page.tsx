import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { levelName } from '../i18n/level-name.ts'
import { LazyGridMapView } from '../map/lazy-grid-map-view.tsx'
import { useOutboxItems } from '../outbox/use-outbox.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { DutySwitch } from './duty/duty-switch.tsx'
import { OutboxSummary } from './outbox/outbox-summary.tsx'
import { TaskList } from './tasks/task-list.tsx'
import { useMyTasks } from './tasks/use-my-tasks.ts'
import { useOnline } from './use-online.ts'
import '../styles/home-page.css'

/**
 * `/m`, the grid worker's phone page: the big report button first (one thumb, one tap), the outbox and the open
 * tasks, then their grid in words and on the map — the map comes last and in its own chunk, so everything above
 * it is usable on a slow network before Leaflet has arrived.
 */
export function WorkerHomePage() {
  const { t } = useTranslation()
  const user = useCurrentUser()
  const outbox = useOutboxItems(user.id)
  const tasks = useMyTasks(user.id, outbox)
  const online = useOnline()
  // Set by the report form and the task steps when they hand something to the outbox.
  const queued = (useLocation().state as { queued?: string } | null)?.queued
  // "Sending" only while something is on its way: once the outbox is empty the notice says it went through.
  const unsent = outbox?.some((item) => item.state === 'waiting' || item.state === 'sending') ?? true

  return (
    <div className="home-page worker-home">
      <div className="worker-home-top">
        {!online && (
          <p className="worker-offline" role="status" data-testid="offline-banner">
            {t('worker.offline')}
          </p>
        )}
        {queued && (
          <p className="worker-queued" role="status" data-testid="queued-notice">
            {!unsent ? t('worker.queued.sent') : online ? t('worker.queued.online') : t('worker.queued.offline')}
          </p>
        )}
        <Link to="/m/report" className="report-button" data-testid="report-button">
          {t('worker.report.start')}
        </Link>
        <div className="worker-row">
          <OutboxSummary items={outbox} />
          <DutySwitch />
        </div>
        <TaskList tasks={tasks} outbox={outbox} />
        <Link to="/m/patrol" className="secondary-button worker-reports-link" data-testid="patrol-link">
          {t('patrol.open')}
        </Link>
        <Link to="/m/reports" className="secondary-button worker-reports-link" data-testid="my-reports-link">
          {t('worker.reports.open')}
        </Link>
        <Link to="/m/registry" className="secondary-button worker-reports-link" data-testid="registry-link">
          {t('registry.phone.open')}
        </Link>
        <section className="worker-section" aria-labelledby="worker-grids-title">
          <h2 id="worker-grids-title">{t('worker.myGrids')}</h2>
          {user.grids.length === 0 ? (
            <p className="worker-note">{t('worker.noGrids')}</p>
          ) : (
            <ul className="worker-grids">
              {user.grids.map((grid) => (
                <li key={grid.id}>
                  <span className="worker-grid-name">{grid.name}</span>{' '}
                  <span className="worker-grid-meta">
                    {levelName(t, grid.level)} ·{' '}
                    <span className="grid-code" data-testid="worker-grid-code">
                      {grid.code}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <LazyGridMapView showScope />
    </div>
  )
}

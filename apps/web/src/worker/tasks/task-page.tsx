import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { fetchIncident, photoUrl, type IncidentDetail } from '../../api/incident-reports.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import { formatTime } from '../../i18n/format-time.ts'
import { useOutboxItems } from '../../outbox/use-outbox.ts'
import { useCurrentUser } from '../../session/current-user.tsx'
import { categoryLabel } from '../category-label.ts'
import { DueCountdown } from '../due-countdown.tsx'
import { useCachedLookup } from '../use-cached-lookup.ts'
import { statusAfterPending, stepsOffered } from './task-steps.ts'
import { TaskStepForms } from './task-step-forms.tsx'
import { ReworkNotice } from './rework-notice.tsx'

/**
 * `/m/tasks/:id`: one case dispatched to the worker — what and where, the due time counting down, the photos —
 * and the steps they may take: accept, return as misdirected, report back with a note and after-photos. Steps go
 * through the outbox like reports, so they can be taken with no network.
 */
export function TaskPage() {
  const { t, i18n } = useTranslation()
  const { id = '' } = useParams()
  const user = useCurrentUser()
  const outbox = useOutboxItems(user.id)
  const task = useCachedLookup<IncidentDetail>(`task.${user.id}.${id}`, (signal) => fetchIncident(id, signal))
  const stepsSent =
    outbox?.filter(
      (item) => item.payload.kind === 'action' && item.payload.step.incidentId === id && item.state === 'sent',
    ).length ?? 0
  const { reload } = task
  useEffect(() => {
    if (stepsSent > 0) reload()
  }, [stepsSent, reload])

  const detail = task.data
  if (!detail) {
    return (
      <div className="worker-page">
        <nav className="worker-back">
          <Link to="/m">{t('worker.back')}</Link>
        </nav>
        <p className="worker-note" role={task.error ? 'alert' : 'status'}>
          {task.error ? errorMessage(t, task.error) : t('common.loading')}
        </p>
      </div>
    )
  }

  const { status, pending } = statusAfterPending(detail.status, outbox, detail.id)
  const steps = stepsOffered(status, task.stale ? null : detail.actions, pending)
  const mine = detail.grids.some((grid) => user.grids.some((own) => own.id === grid.id))

  return (
    <div className="worker-page task-page">
      <nav className="worker-back">
        <Link to="/m">{t('worker.back')}</Link>
      </nav>
      <h1>
        {categoryLabel(detail.category, i18n.language)} <span className="task-case">{detail.caseNumber}</span>
      </h1>
      <p className="task-meta">
        <span className={`task-status status-${status}`} data-testid="task-status">
          {t(`worker.status.${status}`, { defaultValue: status })}
        </span>
        {pending.length > 0 && <span className="task-pending">{t('worker.tasks.pendingStep')}</span>}
        {(status === 'dispatched' || status === 'in_progress') && <DueCountdown dueAt={detail.dueAt} />}
      </p>
      {task.stale && task.error && <p className="worker-note">{t('worker.tasks.stale')}</p>}
      <ReworkNotice detail={detail} />
      <p className="task-description">{detail.description}</p>
      <p className="worker-note">
        {detail.grids.map((grid) => grid.name).join(' › ')}
        {!mine && ` · ${t('worker.task.otherGrid')}`}
        {detail.address && ` · ${detail.address}`}
      </p>
      <p className="worker-note">
        {t('worker.task.reported', { who: detail.reporter.name, at: formatTime(detail.createdAt, i18n.language) })}
      </p>
      {detail.photos.length > 0 && (
        <ul className="photo-thumbs">
          {detail.photos.map((photo) => (
            <li key={photo.sha256}>
              <img
                src={photoUrl(photo.sha256)}
                alt={t(`worker.task.photo.${photo.kind === 'after' ? 'after' : 'before'}`)}
                loading="lazy"
              />
            </li>
          ))}
        </ul>
      )}
      <TaskStepForms userId={user.id} incidentId={detail.id} caseNumber={detail.caseNumber} steps={steps} />
    </div>
  )
}

import { useQueryClient } from '@tanstack/react-query'
import { allowedActions } from '@wangge/workflow'
import { useCallback, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { IncidentDetail } from '../api/incident-types.ts'
import { incidentQuery } from '../api/incidents.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage, isRetryable } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { useLiveConnection } from '../live/live-connection.tsx'
import type { IncidentEvent, LiveEvent } from '../live/live-event.ts'
import { useCurrentUser } from '../session/current-user.tsx'
import { CaseHistory } from './case-history.tsx'
import { IncidentActions } from './incident-actions.tsx'
import { STATE_COLOURS } from './incident-style.ts'
import './incident-drawer.css'

/**
 * One incident: its facts, photos and history, and the steps the signed-in user may take now — decided by
 * @wangge/workflow, the same rules the API applies. Its cached copy is invalidated when a live event says the
 * incident changed, and after the user's own step.
 */
export function IncidentDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation()
  const live = useLiveConnection()
  const queryClient = useQueryClient()
  const { resource, retry } = useApiQuery(incidentQuery(id))
  const invalidate = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: incidentQuery(id).queryKey }),
    [queryClient, id],
  )

  useEffect(
    () =>
      live.subscribe((event: LiveEvent) => {
        if (event.type === 'incident.updated' && (event as IncidentEvent).data.id === id) invalidate()
      }),
    [live, id, invalidate],
  )

  return (
    <aside className="incident-drawer" data-testid="incident-drawer" aria-labelledby="incident-drawer-title">
      <div className="grid-panel-header">
        <h2 id="incident-drawer-title">
          {resource.status === 'ready' ? resource.data.caseNumber : t('live.drawer.title')}
        </h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      {resource.status === 'ready' && <IncidentFacts incident={resource.data} onChanged={invalidate} />}
      {(resource.status === 'loading' || resource.status === 'idle') && <p role="status">{t('common.loading')}</p>}
      {resource.status === 'error' && (
        <p role="alert">
          {errorMessage(t, resource.error)}{' '}
          {isRetryable(resource.error) && (
            <button type="button" onClick={retry}>
              {t('common.retry')}
            </button>
          )}
        </p>
      )}
    </aside>
  )
}

function IncidentFacts({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const actions = allowedActions(
    {
      state: incident.status,
      assignment: {
        userId: incident.assignee.user?.id ?? null,
        departmentId: incident.assignee.department?.id ?? null,
      },
    },
    { role: user.role, userId: user.id, departmentId: user.department?.id ?? null },
  )
  const time = (iso: string | null) => (iso ? formatTime(iso, i18n.language) : '—')
  return (
    <>
      <p>
        <span
          className="state-badge"
          data-testid="incident-state"
          data-state={incident.status}
          style={{ background: STATE_COLOURS[incident.status] }}
        >
          {t(`live.state.${incident.status}`)}
        </span>{' '}
        {i18n.language === 'en' ? incident.category.nameEn : incident.category.name}
      </p>
      <p className="incident-description">{incident.description}</p>
      <p>
        <Link to={`/incidents/${incident.id}`} data-testid="open-case-page">
          {t('incidentDesk.openCase')}
        </Link>
      </p>
      <dl className="grid-facts">
        <dt>{t('live.drawer.place')}</dt>
        <dd>{[incident.address, incident.grids.at(-1)?.name].filter(Boolean).join(' · ')}</dd>
        <dt>{t('live.drawer.reporter')}</dt>
        <dd>{incident.reporter.name}</dd>
        <dt>{t('live.drawer.reportedAt')}</dt>
        <dd>{time(incident.createdAt)}</dd>
        <dt>{t('live.drawer.assignee')}</dt>
        <dd data-testid="incident-assignee">
          {[incident.assignee.user?.name, incident.assignee.department?.name].filter(Boolean).join(' · ') || '—'}
        </dd>
        <dt>{t('live.drawer.dueAt')}</dt>
        <dd>{time(incident.dueAt)}</dd>
      </dl>
      {incident.photos.length > 0 && (
        <div className="incident-photos">
          {incident.photos.map((p) => (
            <a key={`${p.kind}:${p.sha256}`} href={`/api/photos/${p.sha256}`} target="_blank" rel="noreferrer">
              <img
                src={`/api/photos/${p.sha256}?variant=thumb`}
                alt={t(`live.drawer.photo.${p.kind === 'after' ? 'after' : 'before'}`)}
                loading="lazy"
              />
            </a>
          ))}
        </div>
      )}
      {actions.length > 0 && <IncidentActions incident={incident} actions={actions} onDone={onChanged} />}
      <h3>{t('live.drawer.history')}</h3>
      <CaseHistory history={incident.history} />
    </>
  )
}

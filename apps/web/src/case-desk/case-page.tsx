import { useQueryClient } from '@tanstack/react-query'
import { allowedActions } from '@wangge/workflow'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { IncidentDetail } from '../api/incident-types.ts'
import { incidentQuery } from '../api/incidents.ts'
import { useApiQuery } from '../api/use-api-query.ts'
import { errorMessage, isRetryable } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { CaseHistory } from '../incidents/case-history.tsx'
import { HotlineCaseCard } from '../hotline/hotline-case-card.tsx'
import { IncidentActions } from '../incidents/incident-actions.tsx'
import { LiveConnectionProvider } from '../live/live-connection.tsx'
import { useCurrentUser } from '../session/current-user.tsx'
import { useDeskLive } from './use-desk-live.ts'
import { WorkingTimeLeft } from './working-time-left.tsx'
import { EscalationActions } from '../escalation/escalation-actions.tsx'
import './case-desk.css'

/**
 * One case (`/incidents/:id`): its facts, the photos before and after side by side, the full history (who, when,
 * which step, pass or fail, reasons, extensions, rework), the due time with the working time left, and the steps
 * the viewer may take now — the same rules as the API (@wangge/workflow), the same forms as the map's drawer.
 */
export function CasePage() {
  return (
    <LiveConnectionProvider>
      <CaseView />
    </LiveConnectionProvider>
  )
}

function CaseView() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  useDeskLive()
  const queryClient = useQueryClient()
  const { resource, retry } = useApiQuery({ ...incidentQuery(id), enabled: /^[1-9][0-9]{0,18}$/.test(id) })
  // After the viewer's own step the desk's queues change too.
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['incidents'] }), [queryClient])

  return (
    <div className="case-page" data-testid="case-page">
      <p>
        <Link to="/incidents">{t('incidentDesk.back')}</Link>
      </p>
      {resource.status === 'ready' && <CaseFacts incident={resource.data} onChanged={refresh} />}
      {resource.status === 'ready' && <EscalationActions incident={resource.data} onChanged={refresh} />}
      {resource.status === 'loading' && <p role="status">{t('common.loading')}</p>}
      {resource.status === 'idle' && <p role="alert">{t('incidentDesk.notFound')}</p>}
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
    </div>
  )
}

function CaseFacts({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
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
  const before = incident.photos.filter((p) => p.kind === 'before')
  const after = incident.photos.filter((p) => p.kind === 'after')
  const running = incident.status === 'dispatched' || incident.status === 'in_progress'

  return (
    <>
      <h1 data-testid="case-number">
        {incident.caseNumber}{' '}
        <span className="state-badge" data-testid="incident-state" data-state={incident.status}>
          {t(`live.state.${incident.status}`)}
        </span>
      </h1>
      <div className="case-page-grid">
        <div>
          <section className="case-card">
            <p className="incident-description">{incident.description}</p>
            <dl className="grid-facts">
              <dt>{t('incidentDesk.fact.category')}</dt>
              <dd>{i18n.language === 'en' ? incident.category.nameEn : incident.category.name}</dd>
              <dt>{t('incidentDesk.fact.place')}</dt>
              <dd>{[incident.address, ...incident.grids.map((g) => g.name)].filter(Boolean).join(' · ')}</dd>
              <dt>{t('incidentDesk.fact.reporter')}</dt>
              <dd>
                {incident.reporter.name} · {t(`incidentDesk.source.${incident.source}`)} · {time(incident.createdAt)}
              </dd>
              <dt>{t('incidentDesk.fact.assignee')}</dt>
              <dd data-testid="incident-assignee">
                {[incident.assignee.user?.name, incident.assignee.department?.name].filter(Boolean).join(' · ') || '—'}
              </dd>
              <dt>{t('incidentDesk.fact.dueAt')}</dt>
              <dd>
                {time(incident.dueAt)}
                {incident.dueAt && running && (
                  <>
                    {' · '}
                    <WorkingTimeLeft dueAt={incident.dueAt} />
                  </>
                )}
              </dd>
              {incident.closedAt && (
                <>
                  <dt>{t('incidentDesk.fact.closedAt')}</dt>
                  <dd>
                    {time(incident.closedAt)}
                    {incident.closedOnTime !== null &&
                      ` · ${t(incident.closedOnTime ? 'incidentDesk.fact.onTime' : 'incidentDesk.fact.late')}`}
                  </dd>
                </>
              )}
              <dt>{t('incidentDesk.fact.rework')}</dt>
              <dd data-testid="rework-count">{t('incidentDesk.times', { count: incident.reworkCount })}</dd>
              <dt>{t('incidentDesk.fact.extensions')}</dt>
              <dd>{t('incidentDesk.times', { count: incident.extensionCount })}</dd>
            </dl>
          </section>
          <section className="case-card">
            <h2>{t('incidentDesk.photos')}</h2>
            <div className="case-photos" data-testid="case-photos">
              <PhotoColumn title={t('incidentDesk.photo.before')} photos={before} kind="before" />
              <PhotoColumn title={t('incidentDesk.photo.after')} photos={after} kind="after" />
            </div>
          </section>
        </div>
        <div>
          <HotlineCaseCard incidentId={incident.id} />
          {actions.length > 0 && (
            <section className="case-card">
              <h2>{t('incidentDesk.steps')}</h2>
              <IncidentActions incident={incident} actions={actions} onDone={onChanged} />
            </section>
          )}
          <section className="case-card">
            <h2>{t('incidentDesk.history')}</h2>
            <CaseHistory history={incident.history} />
          </section>
        </div>
      </div>
    </>
  )
}

function PhotoColumn({
  title,
  photos,
  kind,
}: {
  title: string
  photos: IncidentDetail['photos']
  kind: 'before' | 'after'
}) {
  const { t } = useTranslation()
  return (
    <div data-testid={`photos-${kind}`}>
      <h3>{title}</h3>
      {photos.length === 0 ? (
        <p className="desk-hint">{t('incidentDesk.photo.none')}</p>
      ) : (
        <div className="case-photo-list">
          {photos.map((p) => (
            <a key={p.sha256} href={`/api/photos/${p.sha256}`} target="_blank" rel="noreferrer">
              <img src={`/api/photos/${p.sha256}?variant=thumb`} alt={title} loading="lazy" />
            </a>
          ))}
        </div>
      )}
    </div>
  )
}

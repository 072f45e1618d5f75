import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { IncidentDetail } from '@wangge/contract'
import { isOverdue } from '@wangge/workflow'
import { errorMessage } from '../i18n/error-message.ts'
import { formatTime } from '../i18n/format-time.ts'
import { CaseHistory } from '../incidents/case-history.tsx'
import { lastReworkReason } from '../incidents/history-marks.ts'
import { LiveConnectionProvider } from '../live/live-connection.tsx'
import { categoryLabel } from '../worker/category-label.ts'
import { useNow } from '../worker/use-now.ts'
import { CaseSteps } from './case-steps.tsx'
import { useDepartmentCase } from './use-department-case.ts'
import { useDepartmentLive } from './use-department-live.ts'
import { WorkingTimeLeftText } from './working-time-left.tsx'
import '../admin/admin.css'
import '../worker/worker.css'
import './department.css'

/**
 * `/department/cases/:id`: one case of the department — what, where, the working time left, the photos before
 * and after, a rework's reason, the whole history — and the steps the handler may take now.
 */
export function DepartmentCasePage() {
  return (
    <LiveConnectionProvider>
      <CaseView />
    </LiveConnectionProvider>
  )
}

function CaseView() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const query = useDepartmentCase(id)
  const [done, setDone] = useState<string | null>(null)
  useDepartmentLive()

  const onDone = ({ action, left }: { action: 'accept' | 'return' | 'feedback'; left: boolean }) => {
    // A returned case has left the department: back to the queues, which say so.
    if (left || action === 'return') return void navigate('/department', { state: { returned: true } })
    setDone(t(`department.done.${action}`))
  }

  return (
    <div className="department-page department-case">
      <nav className="department-back">
        <Link to="/department">{t('department.back')}</Link>
      </nav>
      {query.data ? (
        <CaseFacts incident={query.data} done={done} onDone={onDone} />
      ) : (
        <p className="department-note" role={query.error ? 'alert' : 'status'}>
          {query.error ? errorMessage(t, query.error) : t('common.loading')}
        </p>
      )}
    </div>
  )
}

function CaseFacts({
  incident,
  done,
  onDone,
}: {
  incident: IncidentDetail
  done: string | null
  onDone: Parameters<typeof CaseSteps>[0]['onDone']
}) {
  const { t, i18n } = useTranslation()
  const now = useNow()
  const late = isOverdue(incident, now)
  const reworkReason = incident.reworkCount > 0 ? lastReworkReason(incident.history) : null
  const photos = (kind: 'before' | 'after') => incident.photos.filter((p) => p.kind === kind)

  return (
    <article className="dept-case-detail" data-testid="case-detail">
      <h1>
        {categoryLabel(incident.category, i18n.language)}{' '}
        <span className="dept-case-number">{incident.caseNumber}</span>
      </h1>
      <p className="dept-case-card-foot">
        <span className={`dept-case-status status-${incident.status}`} data-testid="case-status">
          {t(`department.status.${incident.status}`)}
        </span>
        {late && <span className="dept-case-badge dept-overdue-badge">{t('department.overdue')}</span>}
        {incident.reworkCount > 0 && (
          <span className="dept-case-badge dept-rework-badge" data-testid="case-rework">
            {t('department.reworkNth', { n: incident.reworkCount })}
          </span>
        )}
        {(incident.status === 'dispatched' || incident.status === 'in_progress') && (
          <WorkingTimeLeftText dueAt={incident.dueAt} now={now} />
        )}
      </p>
      {done && (
        <p className="department-done" role="status" data-testid="step-done">
          {done}
        </p>
      )}
      {reworkReason && (incident.status === 'dispatched' || incident.status === 'in_progress') && (
        <p className="dept-case-rework-reason" data-testid="case-rework-reason">
          {t('department.reworkReason', { reason: reworkReason })}
        </p>
      )}
      <p className="dept-case-description">{incident.description}</p>
      <dl className="dept-case-facts">
        <dt>{t('department.facts.place')}</dt>
        <dd>{[incident.grids.map((g) => g.name).join(' › '), incident.address].filter(Boolean).join(' · ')}</dd>
        <dt>{t('department.facts.reported')}</dt>
        <dd>
          {t('department.facts.reportedBy', {
            who: incident.reporter.name,
            at: formatTime(incident.createdAt, i18n.language),
          })}
        </dd>
        {incident.dueAt && (
          <>
            <dt>{t('department.facts.due')}</dt>
            <dd>{formatTime(incident.dueAt, i18n.language)}</dd>
          </>
        )}
      </dl>
      {(['before', 'after'] as const).map(
        (kind) =>
          photos(kind).length > 0 && (
            <section key={kind} className="dept-case-photos">
              <h2>{t(`department.photos.${kind}`)}</h2>
              <ul className="photo-thumbs" data-testid={`case-photos-${kind}`}>
                {photos(kind).map((p) => (
                  <li key={p.sha256}>
                    <a href={`/api/photos/${p.sha256}`} target="_blank" rel="noreferrer">
                      <img
                        src={`/api/photos/${p.sha256}?variant=thumb`}
                        alt={t(`department.photos.${kind}`)}
                        loading="lazy"
                      />
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ),
      )}
      <CaseSteps incident={incident} onDone={onDone} />
      <section>
        <h2>{t('department.history')}</h2>
        <CaseHistory history={incident.history} />
      </section>
    </article>
  )
}

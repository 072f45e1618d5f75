import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { isOverdue } from '@wangge/workflow'
import { errorMessage } from '../i18n/error-message.ts'
import { categoryLabel } from '../worker/category-label.ts'
import { useNow } from '../worker/use-now.ts'
import { queueOrder, type DepartmentQueue } from './department-queues.ts'
import type { QueueState } from './use-department-queues.ts'
import { WorkingTimeLeftText } from './working-time-left.tsx'

/** One queue's cases, overdue first: number, category, place, working time left, and a rework's mark and reason. */
export function QueueList({ queue, state }: { queue: DepartmentQueue; state: QueueState }) {
  const { t, i18n } = useTranslation()
  const now = useNow()
  if (state.error && state.cases.length === 0)
    return (
      <p className="department-note" role="alert">
        {errorMessage(t, state.error)}
      </p>
    )
  if (!state.complete && state.cases.length === 0)
    return (
      <p className="department-note" role="status">
        {t('common.loading')}
      </p>
    )
  if (state.cases.length === 0) return <p className="department-note">{t(`department.empty.${queue}`)}</p>

  return (
    <ul className="dept-case-list" data-testid="case-list">
      {queueOrder(state.cases, now).map((c) => {
        const late = isOverdue(c, now)
        return (
          <li key={c.id}>
            <Link
              to={`/department/cases/${c.id}`}
              className={late ? 'dept-case-card overdue' : 'dept-case-card'}
              data-testid="case-card"
              data-case-number={c.caseNumber}
            >
              <span className="dept-case-card-head">
                <span className="dept-case-category">{categoryLabel(c.category, i18n.language)}</span>
                <span className="dept-case-number">{c.caseNumber}</span>
              </span>
              <span className="dept-case-place">{c.grid.name}</span>
              <span className="dept-case-card-foot">
                {late && <span className="dept-case-badge dept-overdue-badge">{t('department.overdue')}</span>}
                {c.reworkCount > 0 && (
                  <span className="dept-case-badge dept-rework-badge">
                    {t('department.reworkNth', { n: c.reworkCount })}
                  </span>
                )}
                {c.status === 'handled' ? (
                  <span className="dept-case-waiting">{t('department.waitingVerification')}</span>
                ) : (
                  <WorkingTimeLeftText dueAt={c.dueAt} now={now} />
                )}
              </span>
              {c.reworkReason && (c.status === 'dispatched' || c.status === 'in_progress') && (
                <span className="dept-case-rework-reason">
                  {t('department.reworkReason', { reason: c.reworkReason })}
                </span>
              )}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}

import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { IncidentSummary } from '../../api/incident-reports.ts'
import { errorMessage } from '../../i18n/error-message.ts'
import type { OutboxItem } from '../../outbox/outbox-item.ts'
import { DueCountdown } from '../due-countdown.tsx'
import { categoryLabel } from '../category-label.ts'
import type { CachedLookup } from '../use-cached-lookup.ts'
import type { Page } from '../../api/account-types.ts'
import { pendingStepFor } from './use-my-tasks.ts'

interface TaskListProps {
  tasks: CachedLookup<Page<IncidentSummary>>
  outbox: OutboxItem[] | null
}

/** The worker's open tasks, soonest due first, each with its countdown; a tap opens the task. */
export function TaskList({ tasks, outbox }: TaskListProps) {
  const { t, i18n } = useTranslation()
  const items = [...(tasks.data?.items ?? [])].sort((a, b) => dueOrder(a) - dueOrder(b))

  return (
    <section className="worker-section" aria-labelledby="worker-tasks-title">
      <h2 id="worker-tasks-title">
        {t('worker.tasks.title')}{' '}
        {tasks.data && (
          <span className="worker-count" data-testid="task-count">
            {items.length}
          </span>
        )}
      </h2>
      {tasks.error && (
        <p className="worker-note" role="status">
          {tasks.data ? t('worker.tasks.stale') : errorMessage(t, tasks.error)}{' '}
          <button type="button" className="link-button" onClick={tasks.reload}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {tasks.data && items.length === 0 && <p className="worker-note">{t('worker.tasks.none')}</p>}
      {items.length > 0 && (
        <ul className="task-list" data-testid="task-list">
          {items.map((task) => {
            const pending = pendingStepFor(outbox, task.id)
            return (
              <li key={task.id}>
                <Link to={`/m/tasks/${task.id}`} className="task-link" data-testid="task-item">
                  <span className="task-head">
                    <span className="task-case">{task.caseNumber}</span>
                    <span className={`task-status status-${task.status}`}>
                      {t(`worker.status.${task.status}`, { defaultValue: task.status })}
                    </span>
                  </span>
                  <span className="task-title">{categoryLabel(task.category, i18n.language)}</span>
                  <span className="task-description">{task.description}</span>
                  <span className="task-foot">
                    <DueCountdown dueAt={task.dueAt} />
                    {task.reworkCount > 0 && (
                      <span className="task-rework">{t('worker.task.rework', { count: task.reworkCount })}</span>
                    )}
                    {pending && <span className="task-pending">{t('worker.tasks.pendingStep')}</span>}
                  </span>
                </Link>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

function dueOrder(task: IncidentSummary): number {
  return task.dueAt ? Date.parse(task.dueAt) : Number.MAX_SAFE_INTEGER
}

import { useTranslation } from 'react-i18next'
import { useLocation, useSearchParams } from 'react-router'
import { departmentName, useDepartments } from '../api/use-departments.ts'
import { LiveConnectionProvider } from '../live/live-connection.tsx'
import { LiveStatus } from '../live/live-status.tsx'
import { useCurrentUser } from '../session/current-user.tsx'
import { QueueList } from './queue-list.tsx'
import { QUEUE_ORDER, isDepartmentQueue, type DepartmentQueue } from './department-queues.ts'
import { useDepartmentLive } from './use-department-live.ts'
import { useDepartmentQueue, type QueueState } from './use-department-queues.ts'
import '../live/live-map.css'
import './department.css'

/**
 * `/department`, the handler's workbench (责任单位): the department's open cases in four queues — 待接收, 处理中,
 * 待核查, 返工 — with their counts, kept current by live events. The chosen queue is in the address (`?queue=`),
 * so coming back from a case returns to it.
 */
export function DepartmentPage() {
  return (
    <LiveConnectionProvider>
      <Workbench />
    </LiveConnectionProvider>
  )
}

function Workbench() {
  const { t, i18n } = useTranslation()
  const user = useCurrentUser()
  const english = i18n.resolvedLanguage === 'en'
  // Only the English interface needs the list: the session already carries the Chinese name.
  const departments = useDepartments(english && user.department !== null)
  const name = user.department && departmentName(user.department, departments, i18n.resolvedLanguage)
  const [params, setParams] = useSearchParams()
  const requested = params.get('queue')
  const current: DepartmentQueue = isDepartmentQueue(requested) ? requested : 'pending'
  // Set by the case page after a return: the case has left the department, so it is no longer in any queue.
  const returned = (useLocation().state as { returned?: boolean } | null)?.returned === true
  useDepartmentLive()
  const queues: Record<DepartmentQueue, QueueState> = {
    pending: useDepartmentQueue('pending'),
    inProgress: useDepartmentQueue('inProgress'),
    awaitingVerification: useDepartmentQueue('awaitingVerification'),
    rework: useDepartmentQueue('rework'),
  }

  return (
    <div className="department-page">
      <header className="department-header">
        <div>
          <h1 id="department-title">{t('department.title')}</h1>
          <span className="department-name" data-testid="department-name">
            {name ?? t('department.none')}
          </span>
        </div>
        <LiveStatus />
      </header>
      {returned && (
        <p className="department-done" role="status" data-testid="case-returned">
          {t('department.returned')}
        </p>
      )}
      <div className="dept-queue-tabs" role="tablist" aria-labelledby="department-title">
        {QUEUE_ORDER.map((queue) => (
          <button
            key={queue}
            type="button"
            role="tab"
            id={`queue-tab-${queue}`}
            aria-selected={queue === current}
            aria-controls="queue-panel"
            className={queue === current ? 'dept-queue-tab selected' : 'dept-queue-tab'}
            data-testid={`queue-tab-${queue}`}
            onClick={() => setParams({ queue }, { replace: true })}
          >
            <span>{t(`department.queue.${queue}`)}</span>
            <span
              className="dept-queue-count"
              data-testid={`queue-count-${queue}`}
              aria-label={t('department.count', { count: queues[queue].cases.length })}
            >
              {queues[queue].complete ? queues[queue].cases.length : '…'}
            </span>
          </button>
        ))}
      </div>
      <section id="queue-panel" role="tabpanel" aria-labelledby={`queue-tab-${current}`} className="dept-queue-panel">
        <QueueList queue={current} state={queues[current]} />
      </section>
    </div>
  )
}

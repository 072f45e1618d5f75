import { useTranslation } from 'react-i18next'
import type { IncidentDetail } from '../../api/incident-reports.ts'

/**
 * 返工 第 N 次 and the supervisor's reason, on a case sent back by a failed verification: the worker must know what
 * to redo, not find a plain 待接收. The reason is the note of the last verification that sent it back.
 */
export function ReworkNotice({ detail }: { detail: Pick<IncidentDetail, 'reworkCount' | 'history'> }) {
  const { t } = useTranslation()
  if (detail.reworkCount === 0) return null
  const reason = lastReworkReason(detail.history)
  return (
    <div className="task-rework-reason" role="note" data-testid="task-rework">
      <strong>{t('worker.task.rework', { count: detail.reworkCount })}</strong>
      {reason ? t('worker.task.reworkReason', { reason }) : t('worker.task.reworkNoReason')}
    </div>
  )
}

/** The note of the newest failed verification (a `verify` that took the case back to 待接收). */
export function lastReworkReason(history: IncidentDetail['history']): string | null {
  const sentBack = history.filter((entry) => entry.action === 'verify' && entry.to === 'dispatched').at(-1)
  return sentBack?.note?.trim() || null
}

import { useTranslation } from 'react-i18next'
import { formatTime } from '../i18n/format-time.ts'
import { useNow } from './use-now.ts'

/** Time left until a task's due time ("还剩 3 小时 12 分"), or how late it already is, counting down by the minute. */
export function DueCountdown({ dueAt }: { dueAt: string | null }) {
  const { t, i18n } = useTranslation()
  const now = useNow()
  if (!dueAt) return <span className="due-countdown">{t('worker.due.none')}</span>
  const left = Date.parse(dueAt) - now
  const span = durationParts(Math.abs(left))
  const text = left >= 0 ? t('worker.due.left', span) : t('worker.due.late', span)
  return (
    <span
      className={left >= 0 ? 'due-countdown' : 'due-countdown due-late'}
      title={formatTime(dueAt, i18n.language)}
      data-testid="due-countdown"
    >
      {text}
    </span>
  )
}

function durationParts(ms: number): { hours: number; minutes: number } {
  const minutes = Math.floor(ms / 60_000)
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 }
}

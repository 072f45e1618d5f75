import { useTranslation } from 'react-i18next'
import { formatTime } from '../i18n/format-time.ts'
import { useWorkingCalendar } from './use-working-calendar.ts'
import { workingTimeLeft } from './working-time.ts'

/**
 * The working time left until a case's due time in words ("剩余 1 个工作日 3 小时"), or how far past it is
 * ("已超期 2 小时 10 分"); the due time itself on hover. Counted in working time, as the due time was set.
 */
export function WorkingTimeLeftText({ dueAt, now }: { dueAt: string | null; now: number }) {
  const { t, i18n } = useTranslation()
  const calendar = useWorkingCalendar()
  if (!dueAt) return <span className="dept-time-left">{t('department.due.none')}</span>
  if (!calendar) return <span className="dept-time-left">…</span>
  const left = workingTimeLeft(calendar, now, dueAt)
  const span =
    left.days > 0
      ? [
          t('department.due.days', { count: left.days }),
          left.hours > 0 ? t('department.due.wholeHours', { count: left.hours }) : '',
        ]
          .join(' ')
          .trim()
      : t('department.due.hours', { hours: left.hours, minutes: left.minutes })
  return (
    <span
      className={left.overdue ? 'dept-time-left late' : 'dept-time-left'}
      title={formatTime(dueAt, i18n.language)}
      data-testid="time-left"
    >
      {t(left.overdue ? 'department.due.late' : 'department.due.left', { span })}
    </span>
  )
}

import { useQueries } from '@tanstack/react-query'
import { createWorkingCalendar, shanghaiDateOf, WORKING_HOURS_PER_DAY, workingHoursBetween } from '@wangge/sla'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { calendarYearQuery } from './case-desk-api.ts'

/**
 * The working time left until the due time ("剩余 1 个工作日 3 小时"), or past it ("已超期 2 小时 10 分"), counted
 * by @wangge/sla over the office's calendar of this year and the next — the clock the due time was set by, so a
 * weekend does not count. Shown beside the due time itself.
 */
export function WorkingTimeLeft({ dueAt, now = Date.now() }: { dueAt: string; now?: number }) {
  const { t } = useTranslation()
  const year = Number(shanghaiDateOf(new Date(now)).slice(0, 4))
  const years = useQueries({ queries: [calendarYearQuery(year), calendarYearQuery(year + 1)] })
  const [thisYear, nextYear] = [years[0]!.data, years[1]!.data]
  const calendar = useMemo(
    () => (thisYear && nextYear ? createWorkingCalendar([...thisYear, ...nextYear]) : null),
    [thisYear, nextYear],
  )
  if (!calendar) return null
  const due = Date.parse(dueAt)
  const minutes = Math.floor(Math.abs(workingHoursBetween(calendar, new Date(now), new Date(due))) * 60)
  const perDay = WORKING_HOURS_PER_DAY * 60
  const days = Math.floor(minutes / perDay)
  const span = [
    days > 0 ? t('incidentDesk.due.days', { count: days }) : '',
    t('incidentDesk.due.hours', { hours: Math.floor((minutes % perDay) / 60), minutes: minutes % 60 }),
  ]
    .join(' ')
    .trim()
  // Past the due time by the wall clock is late, even at night when no working time has gone by yet.
  const late = due < now
  return (
    <span className={late ? 'case-late' : undefined} data-testid="working-time-left">
      {t(late ? 'incidentDesk.due.late' : 'incidentDesk.due.left', { span })}
    </span>
  )
}

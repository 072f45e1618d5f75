import { WORKING_HOURS_PER_DAY, workingHoursBetween, type WorkingCalendar } from '@wangge/sla'

/** Working time between now and a due time, split as the handler reads it: whole working days, then hours and minutes. */
export interface WorkingTimeLeft {
  overdue: boolean
  days: number
  hours: number
  minutes: number
}

/**
 * How much working time is left until `dueAt` (or how much has passed since it, `overdue`), counted in the office's
 * working periods and days by @wangge/sla — the same clock the due time was set by, so "1 个工作日" over a weekend
 * means Monday, not 24 hours.
 */
export function workingTimeLeft(calendar: WorkingCalendar, nowMs: number, dueAt: string): WorkingTimeLeft {
  const due = Date.parse(dueAt)
  const left = workingHoursBetween(calendar, new Date(nowMs), new Date(due))
  // Past the due time by the wall clock is overdue, even at night when no working time has yet gone by.
  const overdue = due < nowMs
  const totalMinutes = Math.floor(Math.abs(left) * 60)
  const minutesPerDay = WORKING_HOURS_PER_DAY * 60
  const days = Math.floor(totalMinutes / minutesPerDay)
  const rest = totalMinutes - days * minutesPerDay
  return { overdue, days, hours: Math.floor(rest / 60), minutes: rest % 60 }
}

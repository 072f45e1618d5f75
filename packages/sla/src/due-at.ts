import type { WorkingCalendar } from './working-calendar.ts'
import { addWorkingDays } from './working-days.ts'
import { addWorkingHours } from './working-time.ts'

/** A category's time limit (处置时限): so many working hours or working days. */
export interface TimeLimit {
  readonly unit: 'hours' | 'days'
  readonly amount: number
}

/** When a case dispatched at `start` is due under `limit`. */
export function dueAt(calendar: WorkingCalendar, start: Date, limit: TimeLimit): Date {
  switch (limit.unit) {
    case 'hours':
      return addWorkingHours(calendar, start, limit.amount)
    case 'days':
      return addWorkingDays(calendar, start, limit.amount)
  }
  // Limits come from the database: refuse an unknown unit rather than return undefined.
  throw new RangeError(`unknown time-limit unit '${String((limit as { unit: unknown }).unit)}'`)
}
